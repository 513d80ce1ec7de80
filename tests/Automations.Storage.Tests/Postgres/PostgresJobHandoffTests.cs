using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresJobHandoffTests(PostgresStoreProvider provider) : JobHandoffTests(provider), IClassFixture<PostgresStoreProvider>;
