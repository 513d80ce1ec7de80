using Automations.Storage;

namespace Automations.Storage.Tests.Stores;

/// <summary>The job queue: leases, heartbeats, retries, dead jobs. Run on every store by the concrete classes.</summary>
public abstract class JobQueueTests(IStoreProvider provider)
{
    private static readonly QueueOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(10),
        RetryMaxDelay = TimeSpan.FromMinutes(5),
    };

    private async Task<StoreFixture> WithOneJobAsync()
    {
        var store = await provider.OpenAsync(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        return store;
    }

    [StoreFact]
    public async Task TryLeaseAsync_LeasedJob_IsInvisibleUntilLeaseExpires()
    {
        await using var store = await WithOneJobAsync();
        var lease = await store.Queue.TryLeaseAsync("w1", CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Equal(1, lease.Attempt);
        Assert.Null(await store.Queue.TryLeaseAsync("w2", CancellationToken.None));

        store.Time.Advance(TimeSpan.FromSeconds(31));
        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);

        Assert.NotNull(again);
        Assert.Equal("s1", again.Job.SessionId);
        Assert.Equal(2, again.Attempt);
        Assert.False(await lease.ExtendAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task ExtendAsync_Heartbeat_KeepsJobInvisible()
    {
        await using var store = await WithOneJobAsync();
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;

        for (var i = 0; i < 4; i++)
        {
            store.Time.Advance(TimeSpan.FromSeconds(20));
            Assert.True(await lease.ExtendAsync(CancellationToken.None));
        }

        Assert.Null(await store.Queue.TryLeaseAsync("w2", CancellationToken.None));
    }

    [StoreFact]
    public async Task FailAsync_BeforeLastAttempt_RetriesAfterBackoff()
    {
        await using var store = await WithOneJobAsync();
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;

        var retryAt = await lease.FailAsync("clone failed", CancellationToken.None);

        Assert.NotNull(retryAt);
        Assert.InRange(retryAt.Value - store.Time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        store.Time.Advance(retryAt.Value - store.Time.GetUtcNow());
        var retry = await store.Queue.TryLeaseAsync("w1", CancellationToken.None);
        Assert.NotNull(retry);
        Assert.Equal(2, retry.Attempt);
    }

    [StoreFact]
    public async Task FailAsync_OnLastAttempt_JobIsDead()
    {
        await using var store = await WithOneJobAsync();
        DateTimeOffset? retryAt = DateTimeOffset.MaxValue;
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            store.Time.Advance(TimeSpan.FromMinutes(10));
            var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;
            Assert.Equal(attempt, lease.Attempt);
            retryAt = await lease.FailAsync($"failure {attempt}", CancellationToken.None);
        }

        Assert.Null(retryAt);
        store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Dead);
    }

    [StoreFact]
    public async Task DisposeAsync_UnendedLease_ReleasesWithoutCountingAttempt()
    {
        await using var store = await WithOneJobAsync();
        await using (var lease = await store.Queue.TryLeaseAsync("w1", CancellationToken.None))
        {
            Assert.NotNull(lease);
        }

        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);
        Assert.NotNull(again);
        Assert.Equal(1, again.Attempt);
    }

    [StoreFact]
    public async Task PostponeAsync_HeldBack_ComesBackAfterTheDelayWithoutCountingTheAttempt()
    {
        await using var store = await WithOneJobAsync();
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;

        await lease.PostponeAsync(TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Null(await store.Queue.TryLeaseAsync("w2", CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(2));
        var again = await store.Queue.TryLeaseAsync("w2", CancellationToken.None);
        Assert.NotNull(again);
        Assert.Equal(1, again.Attempt);
    }

    [StoreFact]
    public async Task CompleteAsync_Job_IsNeverLeasedAgain()
    {
        await using var store = await WithOneJobAsync();
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;
        await lease.CompleteAsync(CancellationToken.None);

        store.Time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        Assert.Equal(new Core.Ports.QueueCounts(0, 0, 0), await store.Queue.CountAsync(CancellationToken.None));
    }
}
