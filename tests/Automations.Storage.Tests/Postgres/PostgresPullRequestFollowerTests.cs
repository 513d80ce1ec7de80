using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresPullRequestFollowerTests(PostgresStoreProvider provider) : PullRequestFollowerTests(provider), IClassFixture<PostgresStoreProvider>;
