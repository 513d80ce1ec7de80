using Microsoft.Data.Sqlite;

namespace Automations.Bench.Reference;

/// <summary>
/// One SQLite connection in WAL mode with <c>synchronous = FULL</c>, one writer at a time behind a
/// semaphore, and one commit per delivery: no batching, which is what the floor measures.
/// </summary>
internal sealed class FloorStore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly TimeProvider _time;

    private FloorStore(SqliteConnection connection, SqliteCommand insert, TimeProvider time)
    {
        _connection = connection;
        _insert = insert;
        _time = time;
    }

    public static FloorStore Open(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "PRAGMA synchronous = FULL;");
        Execute(
            connection,
            """
            CREATE TABLE IF NOT EXISTS deliveries (
                delivery_id TEXT PRIMARY KEY,
                event       TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                payload     BLOB NOT NULL
            );
            """);

        var insert = connection.CreateCommand();
        insert.CommandText =
            """
            INSERT INTO deliveries (delivery_id, event, received_at, payload)
            VALUES ($id, $event, $at, $payload)
            ON CONFLICT (delivery_id) DO NOTHING;
            """;
        insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.Add("$event", SqliteType.Text);
        insert.Parameters.Add("$at", SqliteType.Integer);
        insert.Parameters.Add("$payload", SqliteType.Blob);
        insert.Prepare();
        return new FloorStore(connection, insert, time);
    }

    /// <summary>Inserts in its own implicit transaction (one commit); false when the id is already stored.</summary>
    public async Task<bool> InsertAsync(string deliveryId, string eventName, byte[] payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _insert.Parameters[0].Value = deliveryId;
            _insert.Parameters[1].Value = eventName;
            _insert.Parameters[2].Value = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _insert.Parameters[3].Value = payload;
            return _insert.ExecuteNonQuery() == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        _insert.Dispose();
        _connection.Dispose();
        _gate.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
