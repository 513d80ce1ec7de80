using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresSessionSurfacesTests(PostgresStoreProvider provider) : SessionSurfacesTests(provider), IClassFixture<PostgresStoreProvider>;
