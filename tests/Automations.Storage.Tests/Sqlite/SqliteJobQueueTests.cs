using Automations.Storage;

namespace Automations.Storage.Tests.Sqlite;

public sealed class SqliteJobQueueTests
{
    private static readonly QueueOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(10),
        RetryMaxDelay = TimeSpan.FromMinutes(5),
    };

    private static async Task<StoreFixture> WithOneJobAsync()
    {
        var store = new StoreFixture(Options);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        return store;
    }

    [Fact]
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

    [Fact]
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

    [Fact]
    public async Task FailAsync_BeforeLastAttempt_RetriesAfterBackoff()
    {
        await using var store = await WithOneJobAsync();
        var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;

        Assert.False(await lease.FailAsync("clone failed", CancellationToken.None));

        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(16));
        var retry = await store.Queue.TryLeaseAsync("w1", CancellationToken.None);
        Assert.NotNull(retry);
        Assert.Equal(2, retry.Attempt);
    }

    [Fact]
    public async Task FailAsync_OnLastAttempt_JobIsDead()
    {
        await using var store = await WithOneJobAsync();
        var dead = false;
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            store.Time.Advance(TimeSpan.FromMinutes(10));
            var lease = (await store.Queue.TryLeaseAsync("w1", CancellationToken.None))!;
            Assert.Equal(attempt, lease.Attempt);
            dead = await lease.FailAsync($"failure {attempt}", CancellationToken.None);
        }

        Assert.True(dead);
        store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await store.Queue.TryLeaseAsync("w1", CancellationToken.None));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Dead);
    }

    [Fact]
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

    [Fact]
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

    [Fact]
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
