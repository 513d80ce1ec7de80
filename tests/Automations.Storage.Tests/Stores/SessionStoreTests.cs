using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Storage.Tests.Stores;

/// <summary>Sessions and their ordered events. Run on every store by the concrete classes.</summary>
public abstract class SessionStoreTests(IStoreProvider provider)
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [StoreFact]
    public async Task AppendAsync_Events_AreOrderedAndProjectedOntoSession()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);

        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("status", Json(new { status = "working" }), new SessionChange { Status = "working" })], CancellationToken.None);
        var last = await store.Sessions.AppendAsync(
            "s1",
            [
                new SessionEventDraft("token", Json(new { text = "hello" })),
                new SessionEventDraft("branch", Json(new { branch = "b" }), new SessionChange { Branch = "automations/fix/s1" }),
                new SessionEventDraft("status", Json(new { status = "done" }), new SessionChange { Status = "done" }),
            ],
            CancellationToken.None);

        // The append answers the session it produced, as a read of it does.
        Assert.Equal(5, last.LastSeq);
        Assert.Equal(last, await store.Sessions.GetAsync("s1", CancellationToken.None));
        var session = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal("done", session.Status);
        Assert.Equal("automations/fix/s1", session.Branch);
        Assert.Equal("acme/web", session.Repository);
        var events = await store.Sessions.GetEventsAsync("s1", 2, CancellationToken.None);
        Assert.Equal(["token", "branch", "status"], events.Select(e => e.Type));
        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Seq));
        Assert.Equal("hello", events[0].Data.GetProperty("text").GetString());
    }

    [StoreFact]
    public async Task AppendAsync_UnknownSession_Throws()
    {
        await using var store = await provider.OpenAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.Sessions.AppendAsync("nope", [new SessionEventDraft("x", Json(new { }))], CancellationToken.None));
    }

    [StoreFact]
    public async Task ListAsync_Filters_ByStatusAndAutomation()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "a", "b"), [StoreFixture.Session("s1", "a"), StoreFixture.Session("s2", "b")], CancellationToken.None);
        await store.Sessions.AppendAsync("s2", [new SessionEventDraft("status", Json(new { }), new SessionChange { Status = "done" })], CancellationToken.None);

        Assert.Equal(["s1"], (await store.Sessions.ListAsync(new SessionQuery { Automation = "a" }, CancellationToken.None)).Select(s => s.Id));
        Assert.Equal(["s2"], (await store.Sessions.ListAsync(new SessionQuery { Status = "done" }, CancellationToken.None)).Select(s => s.Id));
        Assert.Equal(2, (await store.Sessions.ListAsync(new SessionQuery(), CancellationToken.None)).Count);
    }

    /// <summary>Thirty events: a status at every tenth, and output between (or the type <paramref name="between"/> names).</summary>
    private static List<SessionEventDraft> Thirty(Func<int, string>? between = null) => [.. Enumerable.Range(1, 30).Select(i => i % 10 == 0
        ? new SessionEventDraft("status", Json(new { status = $"s{i}" }), new SessionChange { Status = "working" })
        : new SessionEventDraft(between?.Invoke(i) ?? "token", Json(new { text = $"t{i}" })))];

    [StoreFact]
    public async Task GetEventPageAsync_ReadsOneRangeAndOnlyTheTypesAsked()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        var drafts = Thirty();
        await store.Sessions.AppendAsync("s1", drafts, CancellationToken.None);

        var page = await store.Sessions.GetEventPageAsync("s1", 12, 5, null, CancellationToken.None);
        var statuses = await store.Sessions.GetEventPageAsync("s1", 0, 100, ["status"], CancellationToken.None);

        Assert.Equal([13L, 14L, 15L, 16L, 17L], page.Select(e => e.Seq));
        Assert.All(statuses, e => Assert.Equal("status", e.Type));
        Assert.Equal(["s10", "s20", "s30"], statuses.TakeLast(3).Select(e => e.Data.GetProperty("status").GetString()));
        Assert.Equal(statuses.Count - 3, statuses.Count(e => e.Seq <= 1));
    }

    [StoreFact]
    public async Task GetEventsButOutputAsync_ReadsEveryEventAfterASeqButTheAgentsOutput()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        var drafts = Thirty(i => i % 10 == 5 ? "tool_start" : "token");
        var first = (await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None)).Count;
        await store.Sessions.AppendAsync("s1", drafts, CancellationToken.None);

        var all = await store.Sessions.GetEventsButOutputAsync("s1", 0, CancellationToken.None);
        var after = await store.Sessions.GetEventsButOutputAsync("s1", first + 10, CancellationToken.None);

        Assert.Equal(first + 6, all.Count);
        Assert.DoesNotContain(all, e => e.Type == "token");
        Assert.Equal(all.OrderBy(e => e.Seq).Select(e => e.Seq), all.Select(e => e.Seq));
        Assert.Equal(["tool_start", "status", "tool_start", "status"], after.Select(e => e.Type));
    }

    [StoreFact]
    public async Task GetEventsBeforeAsync_ReadsTheNewestBelowASeq_InOrder_AndOnlyTheTypesAsked()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        var drafts = Thirty();
        var last = (await store.Sessions.AppendAsync("s1", drafts, CancellationToken.None)).LastSeq;

        var page = await store.Sessions.GetEventsBeforeAsync("s1", last - 2, 4, null, CancellationToken.None);
        var statuses = await store.Sessions.GetEventsBeforeAsync("s1", last + 1, 2, ["status"], CancellationToken.None);
        var none = await store.Sessions.GetEventsBeforeAsync("s1", last + 1, 5, ["question"], CancellationToken.None);

        Assert.Equal([last - 6, last - 5, last - 4, last - 3], page.Select(e => e.Seq));
        Assert.Equal(["s20", "s30"], statuses.Select(e => e.Data.GetProperty("status").GetString()));
        Assert.Empty(none);
    }

    [StoreFact]
    public async Task GetLatestEventsAsync_ReadsEachSessionsNewestOfAType_InOneRead()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "a", "b"), [StoreFixture.Session("s1", "a"), StoreFixture.Session("s2", "b")], CancellationToken.None);
        foreach (var (id, count) in new[] { ("s1", 4), ("s2", 1) })
        {
            var drafts = Enumerable.Range(1, count).SelectMany(i => new[]
            {
                new SessionEventDraft("token", Json(new { text = $"t{i}" })),
                new SessionEventDraft("pull_request", Json(new { kind = $"k{i}" })),
            }).ToList();
            await store.Sessions.AppendAsync(id, drafts, CancellationToken.None);
        }

        var latest = await store.Sessions.GetLatestEventsAsync(["s1", "s2", "s3"], "pull_request", 2, CancellationToken.None);

        Assert.Equal([("s1", "k3"), ("s1", "k4"), ("s2", "k1")], latest.Select(e => (e.SessionId, e.Data.GetProperty("kind").GetString())));
        Assert.Empty(await store.Sessions.GetLatestEventsAsync([], "pull_request", 2, CancellationToken.None));
    }

    [StoreFact]
    public async Task CountCreatedSinceAsync_CountsSessionsCreatedFromThatMoment()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "a", "b"), [StoreFixture.Session("s1", "a"), StoreFixture.Session("s2", "b")], CancellationToken.None);
        var created = (await store.Sessions.GetAsync("s1", CancellationToken.None))!.CreatedAt;

        Assert.Equal(2, await store.Sessions.CountCreatedSinceAsync(created, CancellationToken.None));
        Assert.Equal(0, await store.Sessions.CountCreatedSinceAsync(created.AddMilliseconds(1), CancellationToken.None));
    }
}
