using System.Collections.Concurrent;
using Automations.Storage.Postgres;
using Automations.Storage.Tests.Stores;
using Automations.Testing;
using Npgsql;

namespace Automations.Storage.Tests.Postgres;

/// <summary>Two instances on one PostgreSQL database: each an own pool of connections, as two processes have.</summary>
public sealed class PostgresClusterTests(PostgresStoreProvider provider) : IClassFixture<PostgresStoreProvider>
{
    private static readonly QueueOptions Options = new() { LeaseDuration = TimeSpan.FromSeconds(30) };

    private async Task<(StoreFixture A, StoreFixture B)> TwoInstancesAsync()
    {
        var a = await provider.OpenAsync(Options);
        return (a, await provider.OpenAnotherAsync(a, Options));
    }

    [PostgresFact]
    public async Task OpenAsync_FourInstancesAtOnce_ApplyEachSchemaVersionOnce()
    {
        var connectionString = await provider.Database.CreateSchemaAsync("together");

        var databases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            PostgresDatabase.OpenAsync(connectionString, null, null, TimeProvider.System, CancellationToken.None))));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", connection);
        await using var reader = await versions.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(PostgresDatabase.SchemaScripts().Count, reader.GetInt64(0));
        Assert.Equal(PostgresDatabase.SchemaScripts()[^1].Version, reader.GetInt32(1));
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task TryLeaseAsync_SixteenWorkersOnTwoInstances_EachJobIsTakenOnce()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;
        for (var i = 0; i < 200; i++)
        {
            await first.Deliveries.RecordAsync(StoreFixture.Delivery($"d{i}"), [StoreFixture.Session($"s{i:D3}")], CancellationToken.None);
        }

        var taken = new ConcurrentBag<string>();
        async Task WorkAsync(StoreFixture store, string worker)
        {
            while (await store.Queue.TryLeaseAsync(worker, CancellationToken.None) is { } lease)
            {
                taken.Add(lease.Job.SessionId);
                await lease.CompleteAsync(CancellationToken.None);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => WorkAsync(i % 2 == 0 ? first : second, $"w{i}"))));

        Assert.Equal(200, taken.Count);
        Assert.Equal(200, taken.Distinct().Count());
        Assert.Equal(new Core.Ports.QueueCounts(0, 0, 0), await second.Queue.CountAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task TryLeaseAsync_LeaseRunsOutOnOneInstance_TheOtherTakesTheJob()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;
        await first.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        var lost = (await first.Queue.TryLeaseAsync("a:1", CancellationToken.None))!;
        Assert.Null(await second.Queue.TryLeaseAsync("b:1", CancellationToken.None));

        first.Time.Advance(TimeSpan.FromSeconds(31));
        var taken = await second.Queue.TryLeaseAsync("b:1", CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal("s1", taken.Job.SessionId);
        Assert.Equal(2, taken.Attempt);
        Assert.False(await lost.ExtendAsync(CancellationToken.None));
        await lost.CompleteAsync(CancellationToken.None);
        Assert.Equal(1, (await first.Queue.CountAsync(CancellationToken.None)).Leased);
        await taken.CompleteAsync(CancellationToken.None);
        Assert.Equal(new Core.Ports.QueueCounts(0, 0, 0), await first.Queue.CountAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task Locks_TakenOnOneInstance_HoldOnTheOther()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;
        await first.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1"), StoreFixture.Session("s2")], CancellationToken.None);
        var until = first.Time.GetUtcNow() + TimeSpan.FromSeconds(30);

        Assert.Null(await first.Locks.TryAcquireAsync("branch:acme/web:fix", "s1", until, CancellationToken.None));
        Assert.Null(await first.Locks.TryAcquireAsync("key:fix:1347", "s1", DateTimeOffset.MaxValue, CancellationToken.None));

        Assert.Equal("s1", await second.Locks.TryAcquireAsync("branch:acme/web:fix", "s2", until, CancellationToken.None));
        Assert.Equal("s1", await second.Locks.TryAcquireAsync("key:fix:1347", "s2", DateTimeOffset.MaxValue, CancellationToken.None));
        await first.Sessions.AppendAsync("s1", [new Core.Ports.SessionEventDraft("status", System.Text.Json.JsonSerializer.SerializeToElement(new { }), new Core.Ports.SessionChange { Status = "done" })], CancellationToken.None);
        Assert.Null(await second.Locks.TryAcquireAsync("key:fix:1347", "s2", DateTimeOffset.MaxValue, CancellationToken.None));
        Assert.Null(await second.Locks.TryAcquireAsync("branch:acme/web:fix", "s2", until, CancellationToken.None));
    }

    [PostgresFact]
    public async Task TryAcquireAsync_SameKeyFromTwoInstancesAtOnce_OneHolder()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;
        var sessions = Enumerable.Range(0, 20).Select(i => StoreFixture.Session($"s{i:D2}")).ToList();
        await first.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), sessions, CancellationToken.None);
        var until = first.Time.GetUtcNow() + TimeSpan.FromSeconds(30);

        var answers = await Task.WhenAll(sessions.Select((s, i) => Task.Run(() =>
            (i % 2 == 0 ? first : second).Locks.TryAcquireAsync("branch:acme/web:main", s.Id, until, CancellationToken.None))));

        var holder = Assert.Single(sessions, s => answers[sessions.IndexOf(s)] is null);
        Assert.All(answers.Where(x => x is not null), x => Assert.Equal(holder.Id, x));
    }

    [PostgresFact]
    public async Task RecordAsync_SameDeliveryOnTwoInstancesAtOnce_OneSession()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).Deliveries.RecordAsync(StoreFixture.Delivery($"d{i % 10}"), [StoreFixture.Session($"s{i}")], CancellationToken.None))));

        Assert.Equal(10, results.Count(r => !r.Duplicate));
        Assert.Equal(10, (await first.Queue.CountAsync(CancellationToken.None)).Available);
        foreach (var group in results.Select((r, i) => (r, id: i % 10)).GroupBy(x => x.id))
        {
            Assert.Single(group.Select(x => x.r.SessionIds.Single()).Distinct());
        }
    }

    [PostgresFact]
    public async Task NewJobs_OnOneInstance_WakeTheOthersWorkersAtOnce()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var first = a;
        await using var second = b;
        await WaitListeningAsync(second);

        var woken = second.Signal.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await first.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        Assert.True(await woken, "a delivery on one instance did not wake the other's workers");

        var lease = (await second.Queue.TryLeaseAsync("b:1", CancellationToken.None))!;
        await lease.CompleteAsync(CancellationToken.None);
        woken = second.Signal.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await first.Sessions.PostAsync("s1", [new Core.Ports.SessionEventDraft("message", System.Text.Json.JsonSerializer.SerializeToElement(new { text = "more" }), new Core.Ports.SessionChange { IsMessage = true })], CancellationToken.None);
        Assert.True(await woken, "a message posted on one instance did not wake the other's workers");
    }

    /// <summary>The listener announces itself with one wake-up once its LISTEN is in place; that is the signal to wait for.</summary>
    private static async Task WaitListeningAsync(StoreFixture store)
    {
        Assert.True(await store.Signal.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None), "the listener never started");
    }
}
