using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresJobQueueTests(PostgresStoreProvider provider) : JobQueueTests(provider), IClassFixture<PostgresStoreProvider>;
