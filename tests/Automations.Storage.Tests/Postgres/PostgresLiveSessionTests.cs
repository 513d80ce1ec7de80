using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresLiveSessionTests(PostgresStoreProvider provider) : LiveSessionTests(provider), IClassFixture<PostgresStoreProvider>;
