using System.Text;
using Automations.Core.Ports;
using Automations.Storage.Sql;

namespace Automations.Storage.Tests.Stores;

/// <summary>Every delivery recorded: listed by source, outcome and time, paged, refusals capped and counted. Run on every store.</summary>
public abstract class DeliveryRecordsTests(IStoreProvider provider)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public async Task ListAsync_BySourceOutcomeAndTime_FiltersAndPagesNewestFirst()
    {
        await using var store = await provider.OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            var record = StoreFixture.Delivery($"d{i}") with
            {
                Source = i % 2 == 0 ? "github" : "sentry",
                Status = i < 4 ? DeliveryStatus.Unmatched : DeliveryStatus.Rejected,
                ReceivedAt = Start.AddMinutes(i),
                ReplayOf = i == 5 ? "d1" : null,
            };
            await store.Deliveries.RecordAsync(record, [], CancellationToken.None);
        }

        var github = await store.Deliveries.ListAsync(new DeliveryQuery { Source = "github" }, CancellationToken.None);
        var rejected = await store.Deliveries.ListAsync(new DeliveryQuery { Outcome = DeliveryStatus.Rejected }, CancellationToken.None);
        var window = await store.Deliveries.ListAsync(new DeliveryQuery { Since = Start.AddMinutes(2), Until = Start.AddMinutes(4) }, CancellationToken.None);
        var first = await store.Deliveries.ListAsync(new DeliveryQuery { Limit = 4 }, CancellationToken.None);
        var second = await store.Deliveries.ListAsync(new DeliveryQuery { Limit = 4, Before = first[^1].Cursor }, CancellationToken.None);

        Assert.Equal(["d4", "d2", "d0"], github.Select(d => d.DeliveryId));
        Assert.Equal(["d5", "d4"], rejected.Select(d => d.DeliveryId));
        Assert.Equal(["d3", "d2"], window.Select(d => d.DeliveryId));
        Assert.Equal(["d5", "d4", "d3", "d2", "d1", "d0"], first.Concat(second).Select(d => d.DeliveryId));
        Assert.Equal("d1", first[0].ReplayOf);
    }

    [StoreFact]
    public async Task RecordAsync_RefusedPastTheCap_KeepsTheNewestAndCountsEveryOne()
    {
        await using var store = await provider.OpenAsync();
        await using var capped = new SqlDeliveryStore(store.Database, new DeliveryStoreOptions { RefusedCap = 50 }, store.Time);
        await capped.RecordAsync(StoreFixture.Delivery("kept"), [], CancellationToken.None);

        // 600 forgeries at once, in batches of many sizes: two reasons, two sources.
        await Task.WhenAll(Enumerable.Range(0, 599).Select(i => Task.Run(() => capped.RecordAsync(Refused(i), [], CancellationToken.None))));
        await capped.RecordAsync(Refused(599), [], CancellationToken.None);

        var refused = await capped.ListAsync(new DeliveryQuery { Outcome = DeliveryStatus.Refused, Limit = 1000 }, CancellationToken.None);
        Assert.Equal(50, refused.Count);
        Assert.All(refused, d => Assert.Equal(0, d.BodyBytes));
        Assert.Contains(refused, d => d.DeliveryId == "refused-599");
        Assert.NotNull(await capped.GetAsync("github", "kept", CancellationToken.None));
        var counts = await capped.RefusalCountsAsync(CancellationToken.None);
        Assert.Equal(600, counts.Sum(c => c.Count));
        Assert.Equal(300, counts.Single(c => c.Source == "github" && c.Reason == "the signature does not match the body").Count);
        Assert.Equal(Start.AddSeconds(599), counts.Single(c => c.Source == "slack").LastAt);
    }

    [StoreFact]
    public async Task FindAsync_SameIdOfTwoSources_FindsBothWithBodies()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("same"), [], CancellationToken.None);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("same") with { Source = "linear" }, [], CancellationToken.None);

        var found = await store.Deliveries.FindAsync("same", CancellationToken.None);

        Assert.Equal(["github", "linear"], found.Select(d => d.Source).Order(StringComparer.Ordinal));
        Assert.Equal("{\"action\":\"labeled\"}", Encoding.UTF8.GetString((await store.Deliveries.GetBodyAsync("linear", "same", CancellationToken.None))!));
    }

    [StoreFact]
    public async Task ListAsync_BodiesThatPackAndThatDoNot_AreListedAtTheLengthTheyCameIn()
    {
        await using var store = await provider.OpenAsync();
        var json = Encoding.UTF8.GetBytes("{\"text\":\"" + string.Concat(Enumerable.Range(0, 1500).Select(i => $"line {i} ")) + "\"}");
        var noise = System.Security.Cryptography.RandomNumberGenerator.GetBytes(9_000);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("json") with { Body = json }, [], CancellationToken.None);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("noise") with { Body = noise, ReceivedAt = Start.AddYears(1) }, [], CancellationToken.None);

        var listed = await store.Deliveries.ListAsync(new DeliveryQuery(), CancellationToken.None);

        Assert.Equal([("noise", 9_000), ("json", json.Length)], listed.Select(d => (d.DeliveryId, d.BodyBytes)));
        Assert.Equal(json, await store.Deliveries.GetBodyAsync("github", "json", CancellationToken.None));
    }

    private static DeliveryRecord Refused(int i) => new()
    {
        Source = i % 2 == 0 ? "github" : "slack",
        DeliveryId = $"refused-{i}",
        ReceivedAt = Start.AddSeconds(i),
        Status = DeliveryStatus.Refused,
        Error = i % 2 == 0 ? "the signature does not match the body" : "the delivery has no signature header",
        HeadersJson = "{}",
        Body = ReadOnlyMemory<byte>.Empty,
    };
}
