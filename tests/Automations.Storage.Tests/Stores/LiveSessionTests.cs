using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>What live sessions need from the store: messages that wake jobs, heartbeats, locks, spend.</summary>
public abstract class LiveSessionTests(IStoreProvider provider)
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static SessionEventDraft Message(string text) => new(SessionEventTypes.Message, Json(new { text }), new SessionChange { IsMessage = true });

    private static SessionEventDraft Status(string status) => new(SessionEventTypes.Status, Json(new { status }), new SessionChange { Status = status });

    private async Task<StoreFixture> WithSessionAsync(params string[] ids)
    {
        var store = await provider.OpenAsync();
        foreach (var id in ids)
        {
            await store.Deliveries.RecordAsync(StoreFixture.Delivery($"d-{id}", "fix"), [StoreFixture.Session(id)], CancellationToken.None);
        }

        return store;
    }

    [StoreFact]
    public async Task PostAsync_WhileJobIsLeased_JobRunsOnceMoreAfterComplete()
    {
        await using var store = await WithSessionAsync("s1");
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;

        var seq = await store.Sessions.PostAsync("s1", [Message("also this")], CancellationToken.None);
        Assert.Null(await store.Queue.TryLeaseAsync("w2", CancellationToken.None));
        await lease.CompleteAsync(CancellationToken.None);

        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);
        Assert.NotNull(again);
        Assert.Equal(1, again.Attempt);
        var session = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal(seq.LastSeq, session.InboxSeq);
        Assert.True(session.HasPendingMessages);
        await again.CompleteAsync(CancellationToken.None);
        Assert.Null(await store.Queue.TryLeaseAsync("w3", CancellationToken.None));
    }

    [StoreFact]
    public async Task PostAsync_AfterJobIsDone_MakesItReadyAgain()
    {
        await using var store = await WithSessionAsync("s1");
        await (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!.CompleteAsync(CancellationToken.None);
        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));

        await store.Sessions.PostAsync("s1", [Message("follow-up")], CancellationToken.None);

        Assert.NotNull(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
    }

    [StoreFact]
    public async Task AppendAsync_TurnReport_AddsCostTokensAndTurns_AndHandledSeqClearsInbox()
    {
        await using var store = await WithSessionAsync("s1");
        var inbox = await store.Sessions.AppendAsync("s1", [Message("go")], CancellationToken.None);
        var report = new SessionChange { AddCostUsd = 0.0125m, AddInputTokens = 1000, AddOutputTokens = 200, AddTurns = 3, AgentSessionId = "agent-1", HandledSeq = inbox.LastSeq };

        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("message_complete", Json(new { }), report), new SessionEventDraft("message_complete", Json(new { }), report with { HandledSeq = null })], CancellationToken.None);

        var session = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal(0.025m, session.CostUsd);
        Assert.Equal(new SessionTokens(2000, 400), session.Tokens);
        Assert.Equal(6, session.Turns);
        Assert.Equal("agent-1", session.AgentSessionId);
        Assert.False(session.HasPendingMessages);
        Assert.Equal(0.025m, await store.Sessions.SpentSinceAsync("fix", store.Time.GetUtcNow().AddHours(-1), CancellationToken.None));
        Assert.Equal(0m, await store.Sessions.SpentSinceAsync("other", store.Time.GetUtcNow().AddHours(-1), CancellationToken.None));
    }

    [StoreFact]
    public async Task Question_SetByStatusChange_ClearedByEmptyString_AndErrorClearedByNextStatus()
    {
        await using var store = await WithSessionAsync("s1");
        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("status", Json(new { }), new SessionChange { Status = "needs_input", Question = "Which one?" })], CancellationToken.None);
        Assert.Equal("Which one?", (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Question);

        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("status", Json(new { }), new SessionChange { Status = "errored", Error = "boom", Question = string.Empty })], CancellationToken.None);
        var errored = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Null(errored.Question);
        Assert.Equal("boom", errored.Error);

        await store.Sessions.AppendAsync("s1", [Status("working")], CancellationToken.None);
        Assert.Null((await store.Sessions.GetAsync("s1", CancellationToken.None))!.Error);
    }

    [StoreFact]
    public async Task MarkStuckAsync_OnlyWorkingSessionsWithStaleHeartbeats()
    {
        await using var store = await WithSessionAsync("old", "fresh", "waiting");
        await store.Sessions.AppendAsync("old", [Status("working")], CancellationToken.None);
        await store.Sessions.AppendAsync("waiting", [Status("needs_input")], CancellationToken.None);
        store.Time.Advance(TimeSpan.FromSeconds(30));
        await store.Sessions.AppendAsync("fresh", [Status("working")], CancellationToken.None);

        var stuck = await store.Sessions.MarkStuckAsync(store.Time.GetUtcNow() - TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(["old"], stuck);
        var old = (await store.Sessions.GetAsync("old", CancellationToken.None))!;
        Assert.Equal("stuck", old.Status);
        Assert.Contains("no heartbeat for 30s", old.Error, StringComparison.Ordinal);
        Assert.Equal("working", (await store.Sessions.GetAsync("fresh", CancellationToken.None))!.Status);
        Assert.Empty(await store.Sessions.MarkStuckAsync(store.Time.GetUtcNow() - TimeSpan.FromSeconds(20), CancellationToken.None));
    }

    [StoreFact]
    public async Task TryLeaseAsync_AWorkingSessionWhoseWorkerDied_GetsAFreshHeartbeatWithItsLease()
    {
        await using var store = await WithSessionAsync("s1");
        var first = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;
        await store.Sessions.AppendAsync("s1", [Status("working")], CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(10)); // w1 died: its lease and the session's heartbeat ran out

        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);

        Assert.NotNull(again);
        Assert.True(again.BeatSession);
        Assert.Empty(await store.Sessions.MarkStuckAsync(store.Time.GetUtcNow() - TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal("working", (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        Assert.False(await first.ExtendAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task AppendAsync_SeveralEvents_NumberedInOrder_AndTheSessionAnswersTheLast()
    {
        await using var store = await WithSessionAsync("s1");

        var session = await store.Sessions.AppendAsync("s1", [Message("one"), Status("spawning"), Message("two")], CancellationToken.None);

        Assert.Equal(4, session.LastSeq);
        Assert.Equal(4, session.InboxSeq);
        Assert.Equal("spawning", session.Status);
        var events = await store.Sessions.GetEventsAsync("s1", 1, CancellationToken.None);
        Assert.Equal([(2L, "message"), (3L, "status"), (4L, "message")], events.Select(e => (e.Seq, e.Type)));
        Assert.Equal("two", events[2].Data.GetProperty("text").GetString());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.Sessions.AppendAsync("missing", [Message("lost")], CancellationToken.None));
        Assert.Empty(await store.Sessions.GetEventsAsync("missing", 0, CancellationToken.None));
    }

    [StoreFact]
    public async Task AppendLockedAsync_AppendsOnlyWithTheLock_AndHoldsIt()
    {
        await using var store = await WithSessionAsync("a", "b");
        var until = store.Time.GetUtcNow() + TimeSpan.FromSeconds(30);

        var taken = await store.Sessions.AppendLockedAsync("a", "branch:x", until, [Status("spawning"), Message("go")], CancellationToken.None);
        var again = await store.Sessions.AppendLockedAsync("a", "branch:x", until, [Message("again")], CancellationToken.None);
        var refused = await store.Sessions.AppendLockedAsync("b", "branch:x", until, [Status("spawning")], CancellationToken.None);

        Assert.Equal((3L, "spawning", (string?)null), (taken.Session!.LastSeq, taken.Session.Status, taken.Holder));
        Assert.Equal(4, again.Session!.LastSeq);
        Assert.Equal(((Session?)null, "a"), (refused.Session, refused.Holder));
        var b = (await store.Sessions.GetAsync("b", CancellationToken.None))!;
        Assert.Equal((1L, "queued"), (b.LastSeq, b.Status));
        Assert.Single(await store.Sessions.GetEventsAsync("b", 0, CancellationToken.None));
        Assert.Equal("a", await store.Locks.TryAcquireAsync("branch:x", "b", until, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.Sessions.AppendLockedAsync("missing", "branch:y", until, [Message("lost")], CancellationToken.None));
    }

    [StoreFact]
    public async Task Locks_HeldUntilExpiryOrTheHoldersEnd_AndReentrant()
    {
        await using var store = await WithSessionAsync("a", "b");
        var until = store.Time.GetUtcNow() + TimeSpan.FromSeconds(30);

        Assert.Null(await store.Locks.TryAcquireAsync("branch:x", "a", until, CancellationToken.None));
        Assert.Null(await store.Locks.TryAcquireAsync("branch:x", "a", until, CancellationToken.None));
        Assert.Equal("a", await store.Locks.TryAcquireAsync("branch:x", "b", until, CancellationToken.None));

        store.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await store.Locks.TryAcquireAsync("branch:x", "b", store.Time.GetUtcNow() + TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Null(await store.Locks.TryAcquireAsync("key:fix:1347", "a", DateTimeOffset.MaxValue, CancellationToken.None));
        Assert.Equal("a", await store.Locks.TryAcquireAsync("key:fix:1347", "b", DateTimeOffset.MaxValue, CancellationToken.None));
        await store.Sessions.AppendAsync("a", [Status("done")], CancellationToken.None);
        Assert.Null(await store.Locks.TryAcquireAsync("key:fix:1347", "b", DateTimeOffset.MaxValue, CancellationToken.None));

        await store.Locks.ReleaseAsync("b", ["branch:x"], CancellationToken.None);
        Assert.Null(await store.Locks.TryAcquireAsync("branch:x", "a", until, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryAcquireAnyAsync_TakesAFreeSlot_AndNoneWhenAllAreHeld()
    {
        await using var store = await WithSessionAsync("a", "b", "c");
        var until = store.Time.GetUtcNow() + TimeSpan.FromSeconds(30);
        string[] slots = ["slot:fix:0", "slot:fix:1"];

        var first = await store.Locks.TryAcquireAnyAsync(slots, "a", until, CancellationToken.None);
        var second = await store.Locks.TryAcquireAnyAsync(slots, "b", until, CancellationToken.None);
        var third = await store.Locks.TryAcquireAnyAsync(slots, "c", until, CancellationToken.None);
        var again = await store.Locks.TryAcquireAnyAsync(slots, "a", until, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Null(third);
        Assert.Equal(first, again);
    }

    [StoreFact]
    public async Task CreateAsync_ThenDeleteAsync_SessionEventsAndJobComeAndGo()
    {
        await using var store = await provider.OpenAsync();
        var seed = new SessionSeed
        {
            Id = "m1",
            Automation = "manual",
            Trigger = new SessionTrigger("api", "api.session", "m1"),
            Repository = "acme/web",
            RepositoryUrl = "/git/acme/web.git",
            Base = "main",
            Branch = "automations/manual/m1",
            Agent = "demo",
        };

        await store.Sessions.CreateAsync(seed, [Message("by hand")], CancellationToken.None);

        var session = (await store.Sessions.GetAsync("m1", CancellationToken.None))!;
        Assert.Equal("queued", session.Status);
        Assert.Equal("/git/acme/web.git", session.RepositoryUrl);
        Assert.True(session.HasPendingMessages);
        var lease = await store.Queue.TryLeaseAsync("w", CancellationToken.None);
        Assert.Equal("m1", lease!.Job.SessionId);
        await lease.ReleaseAsync(CancellationToken.None);

        Assert.True(await store.Sessions.DeleteAsync("m1", CancellationToken.None));
        Assert.Null(await store.Sessions.GetAsync("m1", CancellationToken.None));
        Assert.Empty(await store.Sessions.GetEventsAsync("m1", 0, CancellationToken.None));
        Assert.Null(await store.Queue.TryLeaseAsync("w", CancellationToken.None));
        Assert.False(await store.Sessions.DeleteAsync("m1", CancellationToken.None));
    }
}
