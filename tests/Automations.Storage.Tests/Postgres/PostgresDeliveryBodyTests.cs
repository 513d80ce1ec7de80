using System.Text;
using Automations.Storage.Tests.Stores;
using Automations.Testing;
using Npgsql;

namespace Automations.Storage.Tests.Postgres;

/// <summary>A delivery's body on PostgreSQL: compressed with lz4 (schema 020), and read back byte for byte.</summary>
public sealed class PostgresDeliveryBodyTests(PostgresStoreProvider provider) : IClassFixture<PostgresStoreProvider>
{
    [PostgresFact]
    public async Task RecordAsync_ABodyOfTwelveKilobytes_IsStoredWithLz4_AndReadBackWhole()
    {
        await using var store = await provider.OpenAsync();
        var body = Encoding.UTF8.GetBytes("{\"action\":\"labeled\",\"issue\":{\"body\":\"" + string.Concat(Enumerable.Range(0, 1500).Select(i => $"line {i} ")) + "\"}}");
        Assert.True(body.Length > 8_000);

        await store.Deliveries.RecordAsync(StoreFixture.Delivery("big", "fix") with { Body = body }, [StoreFixture.Session("s-big")], CancellationToken.None);

        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_column_compression(body) FROM deliveries WHERE delivery_id = 'big'", connection);
        Assert.Equal("lz4", await command.ExecuteScalarAsync());
        Assert.Equal(body, await store.Deliveries.GetBodyAsync("github", "big", CancellationToken.None));
    }
}
