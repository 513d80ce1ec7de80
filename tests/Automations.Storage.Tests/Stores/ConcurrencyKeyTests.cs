using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// Concurrency keys, first come first served: the earliest live session with a key holds it, and a delivery
/// whose key is held is recorded as skipped at once, with its reason and without a job. Run on every store.
/// </summary>
public abstract class ConcurrencyKeyTests(IStoreProvider provider)
{
    [StoreFact]
    public async Task ConcurrencyHolderAsync_IsTheEarliestLiveSession_UntilItEnds()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [Keyed("0001", "issue-1", skip: false)], CancellationToken.None);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d2", "fix"), [Keyed("0002", "issue-1", skip: false)], CancellationToken.None);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d3", "fix"), [Keyed("0003", "issue-2", skip: false)], CancellationToken.None);

        var first = await store.Sessions.ConcurrencyHolderAsync("fix", "issue-1", CancellationToken.None);
        await store.Sessions.AppendAsync("0001", [SessionEvents.Status(SessionStatus.Done, "finished")], CancellationToken.None);
        var next = await store.Sessions.ConcurrencyHolderAsync("fix", "issue-1", CancellationToken.None);

        Assert.Equal(("0001", "0002"), (first, next));
        Assert.Equal("0003", await store.Sessions.ConcurrencyHolderAsync("fix", "issue-2", CancellationToken.None));
        Assert.Null(await store.Sessions.ConcurrencyHolderAsync("other", "issue-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task RecordAsync_KeyHeldByALiveSession_RecordsTheSessionSkipped_WithoutAJob()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [Keyed("0001", "issue-1")], CancellationToken.None);

        var second = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d2", "fix"), [Keyed("0002", "issue-1")], CancellationToken.None);

        Assert.Equal(["0002"], second.Skipped);
        var skipped = (await store.Sessions.GetAsync("0002", CancellationToken.None))!;
        Assert.Equal(SessionStatus.Terminated, skipped.Status);
        Assert.Equal("skipped: concurrency key 'issue-1' is held by live session 0001", skipped.Error);
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [StoreFact]
    public async Task RecordAsync_TwoSessionsForOneKeyInOneBatch_TheFirstHoldsIt()
    {
        await using var store = await provider.OpenAsync();

        var results = await Task.WhenAll(
            store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [Keyed("0001", "issue-1")], CancellationToken.None),
            store.Deliveries.RecordAsync(StoreFixture.Delivery("d2", "fix"), [Keyed("0002", "issue-1")], CancellationToken.None));

        Assert.Single(results.SelectMany(r => r.Skipped));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [StoreFact]
    public async Task RecordAsync_KeyHeldWhenTheAutomationQueues_GivesTheSessionAJob()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [Keyed("0001", "issue-1", skip: false)], CancellationToken.None);

        var second = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d2", "fix"), [Keyed("0002", "issue-1", skip: false)], CancellationToken.None);

        Assert.Empty(second.Skipped);
        Assert.Equal(SessionStatus.Queued, (await store.Sessions.GetAsync("0002", CancellationToken.None))!.Status);
        Assert.Equal(2, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    private static Core.Ports.NewSession Keyed(string id, string key, bool skip = true) =>
        StoreFixture.Session(id) with { ConcurrencyKey = key, SkipWhenHeld = skip };
}
