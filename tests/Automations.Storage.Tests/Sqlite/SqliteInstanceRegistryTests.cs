using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteInstanceRegistryTests() : InstanceRegistryTests(new SqliteStoreProvider());
