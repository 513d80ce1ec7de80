using System.Text;
using Automations.Core.Ports;
using Automations.Storage;
using Automations.Storage.Sqlite;
using Automations.Testing;

namespace Automations.Storage.Tests.Sqlite;

/// <summary>A real SQLite file in a temp folder, with the three stores over it.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("storage");

    public StoreFixture(QueueOptions? queueOptions = null)
    {
        Database = SqliteDatabase.Open(Path.Combine(_directory.Path, "automations.db"));
        Deliveries = new SqliteDeliveryStore(Database, new SqliteStoreOptions(), Time);
        Queue = new SqliteJobQueue(Database, queueOptions ?? new QueueOptions(), Time);
        Sessions = new SqliteSessionStore(Database, Time);
        Locks = new SqliteSessionLocks(Database, Time);
    }

    public SqliteSessionLocks Locks { get; }

    public ManualTimeProvider Time { get; } = new();

    public SqliteDatabase Database { get; }

    public SqliteDeliveryStore Deliveries { get; }

    public SqliteJobQueue Queue { get; }

    public SqliteSessionStore Sessions { get; }

    public string DatabasePath => Path.Combine(_directory.Path, "automations.db");

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
        _directory.Dispose();
    }
}
