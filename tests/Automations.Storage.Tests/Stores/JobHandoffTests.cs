using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// Jobs handed to an outside queue: a hand-over hides the job until its deadline, a claim by id takes it for
/// one worker, and a lost hand-over or worker makes it due again. Run on every store by the concrete classes.
/// </summary>
public abstract class JobHandoffTests(IStoreProvider provider)
{
    private const string Owner = "service-bus";

    private static readonly QueueOptions Options = new() { LeaseDuration = TimeSpan.FromSeconds(30) };

    private static readonly SessionJob Job = new("s1", "fix", "github", "d1");

    private async Task<StoreFixture> WithOneJobAsync()
    {
        var store = await provider.OpenAsync(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);
        return store;
    }

    /// <summary>A store whose one job was handed over by its delivery's own commit, for ten minutes.</summary>
    private async Task<StoreFixture> WithOneHandedOverJobAsync()
    {
        var store = await provider.OpenAsync(Options);
        var delivery = StoreFixture.Delivery("d1", "fix") with { HandOver = new JobHandover(Owner, store.Time.GetUtcNow().AddMinutes(10)) };
        await store.Deliveries.RecordAsync(delivery, [StoreFixture.Session("s1")], CancellationToken.None);
        return store;
    }

    [StoreFact]
    public async Task RecordAsync_WithAHandOver_JobHiddenUntilItsDeadlineThenDueAgain()
    {
        await using var store = await WithOneHandedOverJobAsync();

        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        Assert.Empty(await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None));
        store.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal([Job], await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None));
    }

    [StoreFact]
    public async Task ClaimAsync_HandedOverJob_LeasedWithTheDeliveryCountAsAttempt()
    {
        await using var store = await WithOneHandedOverJobAsync();

        var claim = await store.Handoff.ClaimAsync("s1", "worker-1", 3, CancellationToken.None);
        var second = await store.Handoff.ClaimAsync("s1", "worker-2", 4, CancellationToken.None);

        Assert.Equal(JobClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(3, claim.Lease!.Attempt);
        Assert.Equal(Job, claim.Lease.Job);
        Assert.Equal(JobClaimOutcome.Running, second.Outcome);
        Assert.Contains("worker-1", second.Detail, StringComparison.Ordinal);
        Assert.True(await claim.Lease.ExtendAsync(CancellationToken.None));
        await claim.Lease.CompleteAsync(CancellationToken.None);
        var late = await store.Handoff.ClaimAsync("s1", "worker-3", 5, CancellationToken.None);
        Assert.Equal(JobClaimOutcome.Ended, late.Outcome);
        Assert.Equal("done", late.Detail);
    }

    [StoreFact]
    public async Task ClaimAsync_AWorkingSessionWhoseWorkerDied_GetsAFreshHeartbeatInTheClaimsOwnWrite()
    {
        await using var store = await WithOneHandedOverJobAsync();
        var first = (await store.Handoff.ClaimAsync("s1", "worker-1", 1, CancellationToken.None)).Lease!;
        var working = new SessionEventDraft(SessionEventTypes.Status, System.Text.Json.JsonSerializer.SerializeToElement(new { status = "working" }), new SessionChange { Status = "working" });
        await store.Sessions.AppendAsync("s1", [working], CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(10)); // worker-1 died: its claim and the session's heartbeat ran out

        var again = await store.Handoff.ClaimAsync("s1", "worker-2", 2, CancellationToken.None);

        Assert.Equal(JobClaimOutcome.Claimed, again.Outcome);
        Assert.True(again.Lease!.BeatSession);
        Assert.Empty(await store.Sessions.MarkStuckAsync(store.Time.GetUtcNow() - TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal("working", (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        Assert.False(await first.ExtendAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task ClaimAsync_TwoDeliveriesAtOnce_OneClaims()
    {
        await using var store = await WithOneJobAsync();

        var claims = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => store.Handoff.ClaimAsync("s1", $"worker-{i}", 1, CancellationToken.None)));

        Assert.Single(claims, c => c.Outcome == JobClaimOutcome.Claimed);
        Assert.All(claims.Where(c => c.Outcome != JobClaimOutcome.Claimed), c => Assert.Equal(JobClaimOutcome.Running, c.Outcome));
    }

    [StoreFact]
    public async Task ClaimAsync_UnknownJob_Missing()
    {
        await using var store = await WithOneJobAsync();

        var claim = await store.Handoff.ClaimAsync("nope", "worker-1", 1, CancellationToken.None);

        Assert.Equal(JobClaimOutcome.Missing, claim.Outcome);
        Assert.Null(claim.Lease);
    }

    [StoreFact]
    public async Task ClaimAsync_WorkerLeaseRanOut_ClaimedAgainAndTheOldLeaseIsLost()
    {
        await using var store = await WithOneJobAsync();
        var first = (await store.Handoff.ClaimAsync("s1", "worker-1", 1, CancellationToken.None)).Lease!;

        store.Time.Advance(TimeSpan.FromSeconds(31));
        var second = await store.Handoff.ClaimAsync("s1", "worker-2", 2, CancellationToken.None);

        Assert.Equal(JobClaimOutcome.Claimed, second.Outcome);
        Assert.False(await first.ExtendAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task HandBackAsync_FailedAttempt_ClaimableByTheRedeliveryButNotDueBeforeTheDeadline()
    {
        await using var store = await WithOneJobAsync();
        await using var lease = (await store.Handoff.ClaimAsync("s1", "worker-1", 1, CancellationToken.None)).Lease!;

        await store.Handoff.HandBackAsync(lease, Owner, store.Time.GetUtcNow().AddMinutes(5), "clone failed", CancellationToken.None);

        Assert.False(await lease.ExtendAsync(CancellationToken.None));
        Assert.Empty(await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None));
        var redelivery = await store.Handoff.ClaimAsync("s1", "worker-2", 2, CancellationToken.None);
        Assert.Equal(JobClaimOutcome.Claimed, redelivery.Outcome);
        Assert.Equal(2, redelivery.Lease!.Attempt);
    }

    [StoreFact]
    public async Task MarkDeadAsync_LastDelivery_JobIsDeadAndNeverDue()
    {
        await using var store = await WithOneJobAsync();
        await using var lease = (await store.Handoff.ClaimAsync("s1", "worker-1", 10, CancellationToken.None)).Lease!;

        await store.Handoff.MarkDeadAsync(lease, "clone failed", CancellationToken.None);

        store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Dead);
        Assert.Empty(await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None));
        Assert.Equal(JobClaimOutcome.Ended, (await store.Handoff.ClaimAsync("s1", "worker-2", 11, CancellationToken.None)).Outcome);
    }

    [StoreFact]
    public async Task TakeDueAsync_PostponedJob_DueAfterItsDelayAndAtMostMax()
    {
        await using var store = await provider.OpenAsync(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1"), StoreFixture.Session("s2"), StoreFixture.Session("s3")], CancellationToken.None);
        await using (var lease = (await store.Handoff.ClaimAsync("s1", "worker-1", 1, CancellationToken.None)).Lease!)
        {
            await lease.PostponeAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        }

        var now = await store.Handoff.TakeDueAsync(Owner, 1, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None);
        var rest = await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromSeconds(21));
        var postponed = await store.Handoff.TakeDueAsync(Owner, 10, store.Time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.Single(now);
        Assert.Equal(["s2", "s3"], now.Concat(rest).Select(j => j.SessionId).Order(StringComparer.Ordinal));
        Assert.Equal("s1", Assert.Single(postponed).SessionId);
    }
}
