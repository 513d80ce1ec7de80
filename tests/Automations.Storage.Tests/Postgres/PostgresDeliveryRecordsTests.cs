using Automations.Storage.Tests.Stores;

namespace Automations.Storage.Tests.Postgres;

[PostgresStore]
public sealed class PostgresDeliveryRecordsTests(PostgresStoreProvider provider) : DeliveryRecordsTests(provider), IClassFixture<PostgresStoreProvider>;
