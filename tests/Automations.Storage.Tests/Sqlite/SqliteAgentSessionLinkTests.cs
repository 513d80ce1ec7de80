using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteAgentSessionLinkTests() : AgentSessionLinkTests(new SqliteStoreProvider());
