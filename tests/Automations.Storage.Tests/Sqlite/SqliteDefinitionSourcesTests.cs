using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteDefinitionSourcesTests() : DefinitionSourcesTests(new SqliteStoreProvider());
