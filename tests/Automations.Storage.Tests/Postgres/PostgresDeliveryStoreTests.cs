using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresDeliveryStoreTests(PostgresStoreProvider provider) : DeliveryStoreTests(provider), IClassFixture<PostgresStoreProvider>;
