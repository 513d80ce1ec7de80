using System.Text;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Testing;

namespace Automations.Storage.Tests.Stores;

/// <summary>The stores over one real database (a SQLite file, or a PostgreSQL schema of its own), on a manual clock.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly Func<ValueTask> _cleanup;

    public StoreFixture(SqlDatabase database, ManualTimeProvider time, WorkSignal signal, QueueOptions? queueOptions, string connectionString, Func<ValueTask> cleanup)
    {
        Database = database;
        Time = time;
        Signal = signal;
        ConnectionString = connectionString;
        _cleanup = cleanup;
        Deliveries = new SqlDeliveryStore(Database, new DeliveryStoreOptions(), Time);
        Queue = new SqlJobQueue(Database, queueOptions ?? new QueueOptions(), Time);
        Sessions = new SqlSessionStore(Database, Time);
        Locks = new SqlSessionLocks(Database, Time);
        Handoff = new SqlJobHandoff(Database, Queue, Time);
        Instances = new SqlInstanceRegistry(Database, Time);
        Outcomes = new SqlOutcomeStore(Database);
        Pauses = new SqlPauseStore(Database);
    }

    public SqlDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    /// <summary>What wakes this store's workers; on a shared store, also jobs made by another instance.</summary>
    public WorkSignal Signal { get; }

    /// <summary>The SQLite file, or the PostgreSQL connection string (with the test's schema as search path).</summary>
    public string ConnectionString { get; }

    public SqlDeliveryStore Deliveries { get; }

    public SqlJobQueue Queue { get; }

    public SqlSessionStore Sessions { get; }

    public SqlSessionLocks Locks { get; }

    public SqlOutcomeStore Outcomes { get; }

    public SqlPauseStore Pauses { get; }

    /// <summary>The same jobs, handed to a queue outside the store (Service Bus, in Azure Functions).</summary>
    public SqlJobHandoff Handoff { get; }

    /// <summary>The engine instances sharing the store.</summary>
    public SqlInstanceRegistry Instances { get; }

    public static DeliveryRecord Delivery(string id, params string[] matched) => new()
    {
        Source = "github",
        DeliveryId = id,
        ReceivedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        Status = DeliveryStatus.Accepted,
        Kind = "github.issues.labeled",
        HeadersJson = "{}",
        Body = Encoding.UTF8.GetBytes("{\"action\":\"labeled\"}"),
        EventJson = "{}",
        Matched = matched,
    };

    public static NewSession Session(string id, string automation = "fix") => new(id, automation, "github.issues.labeled", "acme/web");

    public async ValueTask DisposeAsync()
    {
        await Deliveries.DisposeAsync();
        await Database.DisposeAsync();
        await _cleanup();
    }
}
