using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresConcurrencyKeyTests(PostgresStoreProvider provider) : ConcurrencyKeyTests(provider), IClassFixture<PostgresStoreProvider>;
