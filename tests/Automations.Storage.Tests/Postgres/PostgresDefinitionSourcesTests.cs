using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresDefinitionSourcesTests(PostgresStoreProvider provider) : DefinitionSourcesTests(provider), IClassFixture<PostgresStoreProvider>;
