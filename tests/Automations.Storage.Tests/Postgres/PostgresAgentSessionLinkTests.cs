using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresAgentSessionLinkTests(PostgresStoreProvider provider) : AgentSessionLinkTests(provider), IClassFixture<PostgresStoreProvider>;
