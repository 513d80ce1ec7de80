using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresDeadJobTests(PostgresStoreProvider provider) : DeadJobTests(provider), IClassFixture<PostgresStoreProvider>;
