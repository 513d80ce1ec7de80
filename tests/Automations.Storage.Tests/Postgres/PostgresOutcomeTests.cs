using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresOutcomeTests(PostgresStoreProvider provider) : OutcomeTests(provider), IClassFixture<PostgresStoreProvider>;
