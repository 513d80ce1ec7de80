using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresInstanceRegistryTests(PostgresStoreProvider provider) : InstanceRegistryTests(provider), IClassFixture<PostgresStoreProvider>;
