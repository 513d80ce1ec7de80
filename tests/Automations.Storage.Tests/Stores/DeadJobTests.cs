using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// What the queue page reads (running jobs with their lease owners, dead jobs with their reasons) and the
/// store's part of a dead job's replay: the session's status and the job's revival in one transaction.
/// Run on every store.
/// </summary>
public abstract class DeadJobTests(IStoreProvider provider)
{
    private static readonly QueueOptions Options = new() { LeaseDuration = TimeSpan.FromSeconds(30), MaxAttempts = 1 };

    [StoreFact]
    public async Task ListRunningAsync_NamesEachJobsLeaseOwner_UntilItsLeaseRunsOut()
    {
        await using var store = await provider.OpenAsync(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1"), StoreFixture.Session("s2", "triage")], CancellationToken.None);

        await store.Queue.TryLeaseAsync("host:1:ab:1", CancellationToken.None);
        var running = await store.Queue.ListRunningAsync(10, CancellationToken.None);

        var job = Assert.Single(running);
        Assert.Equal(("s1", "fix", "host:1:ab:1", 1, "leased"), (job.SessionId, job.Automation, job.LeaseOwner, job.Attempts, job.State));
        Assert.Equal("ready", (await store.Queue.GetAsync("s2", CancellationToken.None))!.State);
        Assert.Null(await store.Queue.GetAsync("s3", CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(await store.Queue.ListRunningAsync(10, CancellationToken.None));
    }

    [StoreFact]
    public async Task DeadJob_IsListedWithItsReason_AndPostingItsQueuedStatusBringsItBackWithAttemptsReset()
    {
        await using var store = await provider.OpenAsync(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;
        store.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(await lease.FailAsync("clone failed: no such repository", CancellationToken.None));
        await store.Sessions.AppendAsync("s1", [SessionEvents.Status(SessionStatus.Errored, "gave up")], CancellationToken.None);
        var diedAt = store.Time.GetUtcNow();
        store.Time.Advance(TimeSpan.FromMinutes(5));

        var dead = Assert.Single(await store.Queue.ListDeadAsync(10, CancellationToken.None));
        Assert.Equal(("s1", "dead", 1, "clone failed: no such repository", diedAt), (dead.SessionId, dead.State, dead.Attempts, dead.LastError, dead.AvailableAt));
        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));

        var session = await store.Sessions.PostAsync("s1", [SessionEvents.Status(SessionStatus.Queued, "its dead job was replayed")], CancellationToken.None);

        Assert.Equal(SessionStatus.Queued, session.Status);
        Assert.Empty(await store.Queue.ListDeadAsync(10, CancellationToken.None));
        Assert.Equal(new Core.Ports.QueueCounts(1, 0, 0), await store.Queue.CountAsync(CancellationToken.None) with { OldestDueAt = null });
        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);
        Assert.NotNull(again);
        Assert.Equal(1, again.Attempt);
        Assert.Null((await store.Queue.GetAsync("s1", CancellationToken.None))!.LastError);
    }
}
