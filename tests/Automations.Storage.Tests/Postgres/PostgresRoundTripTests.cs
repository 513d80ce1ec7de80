using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Storage.Postgres;
using Automations.Storage.Tests.Stores;
using Automations.Testing;
using Npgsql;

namespace Automations.Storage.Tests.Postgres;

/// <summary>
/// A group of deliveries is one round trip to PostgreSQL, counted on the wire (<see cref="PostgresWireProxy"/>):
/// new deliveries, duplicates in the group and of stored ones, and sessions whose concurrency key is held.
/// Each test lets one delivery go ahead and holds its answer, so that the rest queue up and make one group.
/// On a job's path, taking the job (with the session's heartbeat), appending events, and taking a lock with them are one round trip each.
/// </summary>
public sealed class PostgresRoundTripTests(PostgresStoreProvider provider) : IClassFixture<PostgresStoreProvider>
{
    [PostgresFact]
    public async Task Proxy_ATransactionOfOneInsert_IsTwoRoundTrips()
    {
        await using var proxy = new PostgresWireProxy(await provider.Database.CreateSchemaAsync("control"));
        await using var connection = new NpgsqlConnection(proxy.ConnectionString);
        await connection.OpenAsync();
        proxy.Reset();

        // Npgsql sends BEGIN with the first statement, then waits once for it and once for COMMIT.
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1", connection, transaction))
        {
            await command.ExecuteScalarAsync();
        }

        await transaction.CommitAsync();

        Assert.True(proxy.RoundTrips == 2, proxy.ToString());
    }

    [PostgresFact]
    public async Task RecordAsync_AGroupOfNewDeliveries_IsOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;

        var (results, roundTrips) = await RecordInOneGroupAsync(store, proxy, [.. Enumerable.Range(1, 20).Select(i => (StoreFixture.Delivery($"d{i}", "fix"), new[] { StoreFixture.Session($"s{i:D2}") }))]);

        Assert.True(roundTrips == 2, proxy.ToString()); // the delivery ahead, then the group
        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal("s07", results[6].SessionIds.Single());
        Assert.Equal(SessionStatus.Queued, (await store.Sessions.GetAsync("s07", CancellationToken.None))!.Status);
        Assert.Equal("status", Assert.Single(await store.Sessions.GetEventsAsync("s07", 0, CancellationToken.None)).Type);
        Assert.Equal(20, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [PostgresFact]
    public async Task RecordAsync_DuplicatesInTheGroupAndOfAStoredDelivery_GetTheFirstAnswers_InOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("stored", "fix"), [StoreFixture.Session("s-stored")], CancellationToken.None);

        var (results, roundTrips) = await RecordInOneGroupAsync(
            store,
            proxy,
            (StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")]),
            (StoreFixture.Delivery("d1", "fix", "other"), [StoreFixture.Session("s1-again")]),
            (StoreFixture.Delivery("stored", "fix"), [StoreFixture.Session("s-stored-again")]),
            (StoreFixture.Delivery("d2", "fix"), [StoreFixture.Session("s2")]));

        Assert.True(roundTrips == 2, proxy.ToString());
        Assert.Equal([false, true, true, false], results.Select(r => r.Duplicate));
        Assert.Equal([["fix"], ["fix"]], results[1..3].Select(r => r.Matched));
        Assert.Equal([["s1"], ["s-stored"]], results[1..3].Select(r => r.SessionIds));
        Assert.Null(await store.Sessions.GetAsync("s1-again", CancellationToken.None));
        Assert.Null(await store.Sessions.GetAsync("s-stored-again", CancellationToken.None));
        Assert.Equal(3, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [PostgresFact]
    public async Task RecordAsync_KeysHeldBeforeAndWithinTheGroup_SkipsTheLaterSessions_InOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d0", "fix"), [Keyed("0000", "issue-1")], CancellationToken.None);

        var (results, roundTrips) = await RecordInOneGroupAsync(
            store,
            proxy,
            (StoreFixture.Delivery("d1", "fix"), [Keyed("0001", "issue-1")]),
            (StoreFixture.Delivery("d2", "fix", "lint"), [Keyed("0002", "issue-2"), Keyed("0003", "issue-2", automation: "lint")]),
            (StoreFixture.Delivery("d3", "fix"), [Keyed("0004", "issue-2")]),
            (StoreFixture.Delivery("d4", "fix"), [Keyed("0005", "issue-2", skip: false)]),
            (StoreFixture.Delivery("d5", "fix"), [Keyed("0006", "issue-3"), Keyed("0007", "issue-3")]));

        Assert.True(roundTrips == 2, proxy.ToString());
        Assert.Equal([["0001"], [], ["0004"], [], ["0007"]], results.Select(r => r.Skipped));
        Assert.Equal("skipped: concurrency key 'issue-3' is held by live session 0006", (await store.Sessions.GetAsync("0007", CancellationToken.None))!.Error);
        var skipped = (await store.Sessions.GetAsync("0004", CancellationToken.None))!;
        Assert.Equal(SessionStatus.Terminated, skipped.Status);
        Assert.Equal("skipped: concurrency key 'issue-2' is held by live session 0002", skipped.Error);
        var status = Assert.Single(await store.Sessions.GetEventsAsync("0004", 0, CancellationToken.None));
        Assert.Equal(SqlStatusData(SessionStatus.Terminated, skipped.Error!), status.Data.GetRawText());
        Assert.Equal("skipped: concurrency key 'issue-1' is held by live session 0000", (await store.Sessions.GetAsync("0001", CancellationToken.None))!.Error);
        Assert.Equal(SessionStatus.Queued, (await store.Sessions.GetAsync("0003", CancellationToken.None))!.Status);
        Assert.Equal(SessionStatus.Queued, (await store.Sessions.GetAsync("0005", CancellationToken.None))!.Status);
        Assert.Equal(5, (await store.Queue.CountAsync(CancellationToken.None)).Available); // 0000, 0002, 0003, 0005, 0006
    }

    [PostgresFact]
    public async Task RecordAsync_AGroupWithDuplicates_TellsOtherInstancesTheNumberOfJobsItMade()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("stored", "fix"), [StoreFixture.Session("s0")], CancellationToken.None);
        await using var listener = new NpgsqlConnection(provider.Database.ConnectionString);
        await listener.OpenAsync();
        var payloads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        listener.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.JobsChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await RecordInOneGroupAsync(
            store,
            proxy,
            (StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")]),
            (StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1-again")]),
            (StoreFixture.Delivery("stored", "fix"), [StoreFixture.Session("s0-again")]),
            (StoreFixture.Delivery("d2", "fix"), [StoreFixture.Session("s2")]));

        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(30)), "the group told nobody");
        Assert.Equal([$"{((PostgresDatabase)store.Database).InstanceId} 2"], payloads);
    }

    [PostgresFact]
    public async Task TryLeaseAsync_TheLeaseAndTheSessionsHeartbeat_AreOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);
        await store.Sessions.AppendAsync("s1", [StatusDraft(SessionStatus.Working)], CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(10));
        proxy.Reset();

        var lease = await store.Queue.TryLeaseAsync("w1", CancellationToken.None);

        Assert.True(proxy.RoundTrips == 1, proxy.ToString());
        Assert.NotNull(lease);
        Assert.Empty(await store.Sessions.MarkStuckAsync(store.Time.GetUtcNow() - TimeSpan.FromSeconds(20), CancellationToken.None));
    }

    [PostgresFact]
    public async Task AppendAsync_ThreeEvents_AreOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);
        proxy.Reset();

        var session = await store.Sessions.AppendAsync("s1", [StatusDraft(SessionStatus.Spawning), StatusDraft(SessionStatus.Working), StatusDraft(SessionStatus.Done)], CancellationToken.None);

        Assert.True(proxy.RoundTrips == 1, proxy.ToString());
        Assert.Equal((4L, SessionStatus.Done), (session.LastSeq, session.Status));
    }

    [PostgresFact]
    public async Task AppendLockedAsync_TheLockAndTheEvents_AreOneRoundTrip()
    {
        var (store, proxy) = await OpenAsync();
        await using var _ = store;
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);
        proxy.Reset();

        var taken = await store.Sessions.AppendLockedAsync("s1", "branch:x", store.Time.GetUtcNow() + TimeSpan.FromMinutes(1), [StatusDraft(SessionStatus.Spawning)], CancellationToken.None);

        Assert.True(proxy.RoundTrips == 1, proxy.ToString());
        Assert.Equal((2L, SessionStatus.Spawning), (taken.Session!.LastSeq, taken.Session.Status));
    }

    private static SessionEventDraft StatusDraft(string status) =>
        new(SessionEventTypes.Status, System.Text.Json.JsonSerializer.SerializeToElement(new { status }), new SessionChange { Status = status });

    private static NewSession Keyed(string id, string key, bool skip = true, string automation = "fix") =>
        StoreFixture.Session(id, automation) with { ConcurrencyKey = key, SkipWhenHeld = skip };

    // The status event's data as the steps' path writes it.
    private static string SqlStatusData(string status, string reason) => System.Text.Json.JsonSerializer.Serialize(new { status, reason });

    private static async Task<(RecordResult[] Results, int RoundTrips)> RecordInOneGroupAsync(StoreFixture store, PostgresWireProxy proxy, params (DeliveryRecord Delivery, NewSession[] Sessions)[] group)
    {
        proxy.Reset();
        proxy.Hold();
        var ahead = store.Deliveries.RecordAsync(StoreFixture.Delivery($"ahead-{Guid.NewGuid():N}"), [], CancellationToken.None);
        await proxy.SentWhileHeld.WaitAsync(TimeSpan.FromSeconds(30));
        var rest = group.Select(g => store.Deliveries.RecordAsync(g.Delivery, g.Sessions, CancellationToken.None)).ToList();
        proxy.Release();
        await ahead;
        var results = await Task.WhenAll(rest);
        return (results, proxy.RoundTrips);
    }

    private async Task<(StoreFixture Store, PostgresWireProxy Proxy)> OpenAsync()
    {
        var proxy = new PostgresWireProxy(await provider.Database.CreateSchemaAsync($"trips_{Guid.NewGuid():N}"));
        var time = new ManualTimeProvider();
        var database = await PostgresDatabase.OpenAsync(proxy.ConnectionString, null, null, time, CancellationToken.None);
        return (new StoreFixture(database, time, new WorkSignal(), null, proxy.ConnectionString, proxy.DisposeAsync), proxy);
    }
}
