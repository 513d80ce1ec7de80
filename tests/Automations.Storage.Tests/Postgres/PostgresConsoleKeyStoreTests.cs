using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresConsoleKeyStoreTests(PostgresStoreProvider provider) : ConsoleKeyStoreTests(provider), IClassFixture<PostgresStoreProvider>;
