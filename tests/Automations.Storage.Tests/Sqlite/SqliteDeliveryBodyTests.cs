using System.Security.Cryptography;
using System.Text;
using Automations.Storage.Sql;
using Automations.Storage.Tests.Stores;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Tests.Sqlite;

/// <summary>A delivery's body on SQLite: packed with LZ4 where that pays (schema 021), and read back byte for byte.</summary>
public sealed class SqliteDeliveryBodyTests
{
    // Shaped like a webhook's JSON: the same keys and URLs over and over.
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("{\"action\":\"labeled\",\"labels\":[" + string.Join(',', Enumerable.Range(0, 110).Select(i =>
        $"{{\"id\":{4_000_000 + (i * 7919)},\"url\":\"https://api.github.com/repos/acme/web/labels/area-{i}\",\"name\":\"area-{i}\",\"color\":\"ededed\",\"default\":false}}")) + "]}");

    [Fact]
    public async Task RecordAsync_TwelveKilobytesOfJson_IsStoredInAThird_AndNoiseAsItCame()
    {
        await using var store = await new SqliteStoreProvider().OpenAsync();
        var noise = RandomNumberGenerator.GetBytes(12_288);

        await store.Deliveries.RecordAsync(StoreFixture.Delivery("json") with { Body = Json }, [], CancellationToken.None);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("noise") with { Body = noise }, [], CancellationToken.None);

        Assert.True(Json.Length > 12_000);
        var json = await StoredAsync(store, "json");
        Assert.Equal(Json.Length, json.Size);
        Assert.True(json.Length < Json.Length / 3, $"the packed body took {json.Length} of {Json.Length} bytes");
        Assert.Equal((12_288L, (long?)null), await StoredAsync(store, "noise"));
        Assert.Equal(Json, await store.Deliveries.GetBodyAsync("github", "json", CancellationToken.None));
        Assert.Equal(noise, await store.Deliveries.GetBodyAsync("github", "noise", CancellationToken.None));
    }

    [Fact]
    public async Task GetBodyAsync_ARowStoredBeforeBodiesWerePacked_IsReadAsItIs()
    {
        await using var store = await new SqliteStoreProvider().OpenAsync();
        await using (var connection = new SqliteConnection($"Data Source={store.ConnectionString}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO deliveries (source, delivery_id, received_at, status, headers, body, matched, sessions) VALUES ('github', 'old', 0, 'accepted', '{}', @body, '[]', '[]')";
            insert.Parameters.AddWithValue("@body", Json);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(Json, await store.Deliveries.GetBodyAsync("github", "old", CancellationToken.None));
        Assert.Equal(Json.Length, (await store.Deliveries.GetAsync("github", "old", CancellationToken.None))!.BodyBytes);
    }

    [Fact]
    public void Pack_ASmallBody_IsKeptAsItCame_AndADamagedBlockIsAnError()
    {
        var small = Encoding.UTF8.GetBytes(new string('a', DeliveryBody.SmallestPacked - 1));
        var (kept, keptSize) = DeliveryBody.Pack(small);
        Assert.Equal(small, kept);
        Assert.Null(keptSize);

        var (packed, size) = DeliveryBody.Pack(Json);
        Assert.Equal(Json.Length, size);
        var error = Assert.Throws<InvalidDataException>(() => DeliveryBody.Unpack(packed[..^40], size));
        Assert.Contains("does not unpack", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Length, long? Size)> StoredAsync(StoreFixture store, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={store.ConnectionString};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT length(body), body_size FROM deliveries WHERE delivery_id = '{id}'";
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }
}
