using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresSessionStoreTests(PostgresStoreProvider provider) : SessionStoreTests(provider), IClassFixture<PostgresStoreProvider>;
