using Automations.Core.Sessions;
using Automations.Storage.Sqlite;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteDeliveryStoreTests
{
    [Fact]
    public async Task RecordAsync_NewDelivery_StoresDeliverySessionAndJob()
    {
        await using var store = new StoreFixture();

        var result = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);

        Assert.False(result.Duplicate);
        Assert.Equal(["s1"], result.SessionIds);
        var session = await store.Sessions.GetAsync("s1", CancellationToken.None);
        Assert.NotNull(session);
        Assert.Equal(SessionStatus.Spawning, session.Status);
        Assert.Equal("d1", session.Trigger.DeliveryId);
        var events = await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None);
        Assert.Equal("status", Assert.Single(events).Type);
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
        var stored = await store.Deliveries.GetAsync("github", "d1", CancellationToken.None);
        Assert.Equal(["fix"], stored!.Matched);
    }

    [Fact]
    public async Task RecordAsync_SameDeliveryTwice_ReturnsFirstAnswerAndWritesNothing()
    {
        await using var store = new StoreFixture();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);

        var again = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s2")], CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal(["s1"], again.SessionIds);
        Assert.Null(await store.Sessions.GetAsync("s2", CancellationToken.None));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [Fact]
    public async Task RecordAsync_ManyConcurrentWithDuplicates_EachDeliveryOnceAndEveryCallerAnswered()
    {
        await using var store = new StoreFixture();

        // 400 callers, 200 distinct deliveries: each id is sent twice at the same time.
        var tasks = Enumerable.Range(0, 400)
            .Select(i => Task.Run(() => store.Deliveries.RecordAsync(
                StoreFixture.Delivery($"d{i % 200}", "fix"), [StoreFixture.Session($"s{i}")], CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(200, results.Count(r => !r.Duplicate));
        Assert.Equal(200, results.Count(r => r.Duplicate));
        Assert.Equal(200, (await store.Queue.CountAsync(CancellationToken.None)).Available);
        foreach (var group in results.Select((r, i) => (r, id: i % 200)).GroupBy(x => x.id))
        {
            Assert.Single(group.Select(x => x.r.SessionIds.Single()).Distinct());
        }
    }
}
