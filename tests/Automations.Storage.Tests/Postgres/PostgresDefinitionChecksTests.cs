using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresDefinitionChecksTests(PostgresStoreProvider provider) : DefinitionChecksTests(provider), IClassFixture<PostgresStoreProvider>;
