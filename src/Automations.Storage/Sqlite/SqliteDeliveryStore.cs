using System.Text.Json;
using System.Threading.Channels;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Sqlite;

/// <summary>
/// Deliveries, with their sessions and jobs, written by group commit: requests queue up while a commit
/// is in progress, the next commit takes all of them (up to <see cref="SqliteStoreOptions.MaxBatch"/>) in
/// one transaction, and each caller is answered only after the commit that holds its delivery. One fsync
/// then serves many deliveries instead of one. Each delivery has its own savepoint, so a delivery that
/// fails to write fails alone.
/// </summary>
public sealed class SqliteDeliveryStore : IDeliveryStore, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly Channel<PendingRecord> _pending = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteDeliveryStore(SqliteDatabase database, SqliteStoreOptions options, TimeProvider time)
    {
        _database = database;
        _time = time;
        _maxBatch = Math.Max(1, options.MaxBatch);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<RecordResult> RecordAsync(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, CancellationToken cancellationToken)
    {
        var pending = new PendingRecord(delivery, sessions);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteDeliveryStore), "The store is shutting down.");
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenRead();
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            SelectDelivery + " WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId },
            cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    public async Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenRead();
        var row = await connection.QuerySingleOrDefaultAsync<(string? Event, byte[] Body)>(new CommandDefinition(
            "SELECT event, body FROM deliveries WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId },
            cancellationToken: cancellationToken));
        return row.Event is null ? null : TriggerEvent.FromEnvelope(row.Event, row.Body);
    }

    public async Task<IReadOnlyList<StoredDelivery>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenRead();
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            SelectDelivery + " ORDER BY rowid DESC LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<string?> LastDeliveryIdAsync(string source, string prefix, CancellationToken cancellationToken)
    {
        // A range on the primary key (source, delivery_id), not a scan: ids in [prefix, prefix + U+FFFF).
        await using var connection = _database.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT MAX(delivery_id) FROM deliveries WHERE source = @source AND delivery_id >= @from AND delivery_id < @to",
            new { source, from = prefix, to = prefix + "\uffff" },
            cancellationToken: cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private const string SelectDelivery =
        "SELECT source AS Source, delivery_id AS DeliveryId, received_at AS ReceivedAt, status AS Status, kind AS Kind, " +
        "error AS Error, event AS EventJson, matched AS Matched, sessions AS Sessions, refused AS Refused, length(body) AS BodyBytes FROM deliveries";

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingRecord>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (SqliteException) when (batch.Count > 1)
            {
                // One delivery took the whole transaction down: write each alone, so only it fails.
                foreach (var pending in batch)
                {
                    pending.Result = null;
                    try
                    {
                        await WriteAsync([pending]);
                    }
                    catch (SqliteException ex)
                    {
                        pending.Error = ex;
                    }
                }
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
            {
                // The commit itself failed: nothing of the batch is durable, so nobody gets an acknowledgement.
                foreach (var pending in batch)
                {
                    pending.Error = ex;
                }
            }

            foreach (var pending in batch)
            {
                pending.Publish();
            }

            batch.Clear();
        }
    }

    private Task<int> WriteAsync(List<PendingRecord> batch) =>
        _database.WriteAsync(
            (connection, transaction) =>
            {
                using var commands = new BatchCommands(connection, transaction);
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var pending in batch)
                {
                    pending.Result = Write(commands, pending, now);
                }

                return batch.Count;
            },
            CancellationToken.None);

    private static RecordResult Write(BatchCommands commands, PendingRecord pending, long now)
    {
        var d = pending.Delivery;
        var sessionIds = pending.Sessions.Select(s => s.Id).ToList();
        var insert = commands.InsertDelivery;
        insert.Parameters["$source"].Value = d.Source;
        insert.Parameters["$id"].Value = d.DeliveryId;
        insert.Parameters["$received"].Value = d.ReceivedAt.ToUnixTimeMilliseconds();
        insert.Parameters["$status"].Value = d.Status;
        insert.Parameters["$kind"].Value = (object?)d.Kind ?? DBNull.Value;
        insert.Parameters["$error"].Value = (object?)d.Error ?? DBNull.Value;
        insert.Parameters["$headers"].Value = d.HeadersJson;
        insert.Parameters["$body"].Value = d.Body.ToArray();
        insert.Parameters["$event"].Value = (object?)d.EventJson ?? DBNull.Value;
        insert.Parameters["$matched"].Value = JsonSerializer.Serialize(d.Matched);
        insert.Parameters["$sessions"].Value = JsonSerializer.Serialize(sessionIds);
        insert.Parameters["$refused"].Value = JsonSerializer.Serialize(d.Refused);
        if (insert.ExecuteNonQuery() == 0)
        {
            var existing = commands.SelectExisting;
            existing.Parameters["$source"].Value = d.Source;
            existing.Parameters["$id"].Value = d.DeliveryId;
            using var reader = existing.ExecuteReader();
            reader.Read();
            return new RecordResult(true, ParseList(reader.GetString(0)), ParseList(reader.GetString(1)));
        }

        var created = JsonSerializer.Serialize(new { status = SessionStatus.Spawning, reason = $"{d.Source} delivery {d.DeliveryId}" });
        foreach (var session in pending.Sessions)
        {
            var s = commands.InsertSession;
            s.Parameters["$id"].Value = session.Id;
            s.Parameters["$automation"].Value = session.Automation;
            s.Parameters["$status"].Value = SessionStatus.Spawning;
            s.Parameters["$repository"].Value = (object?)session.Repository ?? DBNull.Value;
            s.Parameters["$source"].Value = d.Source;
            s.Parameters["$kind"].Value = session.Kind;
            s.Parameters["$delivery"].Value = d.DeliveryId;
            s.Parameters["$now"].Value = now;
            s.ExecuteNonQuery();

            var e = commands.InsertEvent;
            e.Parameters["$id"].Value = session.Id;
            e.Parameters["$now"].Value = now;
            e.Parameters["$data"].Value = created;
            e.ExecuteNonQuery();

            var j = commands.InsertJob;
            j.Parameters["$id"].Value = session.Id;
            j.Parameters["$automation"].Value = session.Automation;
            j.Parameters["$source"].Value = d.Source;
            j.Parameters["$delivery"].Value = d.DeliveryId;
            j.Parameters["$now"].Value = now;
            j.ExecuteNonQuery();
        }

        return new RecordResult(false, d.Matched, sessionIds);
    }

    internal static IReadOnlyList<string> ParseList(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private sealed class PendingRecord(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions)
    {
        public DeliveryRecord Delivery { get; } = delivery;

        public IReadOnlyList<NewSession> Sessions { get; } = sessions;

        public TaskCompletionSource<RecordResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordResult? Result { get; set; }

        public Exception? Error { get; set; }

        // Called only after the batch's commit (or its failure): the answer may now be given.
        public void Publish()
        {
            // An error wins: a result written in a transaction that then failed was never durable.
            if (Error is not null)
            {
                Completion.TrySetException(Error);
            }
            else if (Result is not null)
            {
                Completion.TrySetResult(Result);
            }
            else
            {
                Completion.TrySetException(new InvalidOperationException("The delivery was not written."));
            }
        }
    }

    private sealed class BatchCommands : IDisposable
    {
        public BatchCommands(SqliteConnection connection, SqliteTransaction transaction)
        {
            SqliteCommand Make(string sql, params string[] parameters)
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                foreach (var p in parameters)
                {
                    command.Parameters.Add(new SqliteParameter(p, null));
                }

                return command;
            }

            InsertDelivery = Make(
                "INSERT INTO deliveries (source, delivery_id, received_at, status, kind, error, headers, body, event, matched, sessions, refused) " +
                "VALUES ($source, $id, $received, $status, $kind, $error, $headers, $body, $event, $matched, $sessions, $refused) " +
                "ON CONFLICT (source, delivery_id) DO NOTHING;",
                "$source", "$id", "$received", "$status", "$kind", "$error", "$headers", "$body", "$event", "$matched", "$sessions", "$refused");
            SelectExisting = Make("SELECT matched, sessions FROM deliveries WHERE source = $source AND delivery_id = $id;", "$source", "$id");
            InsertSession = Make(
                "INSERT INTO sessions (id, automation, status, repository, source, kind, delivery_id, created_at, updated_at, last_seq) " +
                "VALUES ($id, $automation, $status, $repository, $source, $kind, $delivery, $now, $now, 1);",
                "$id", "$automation", "$status", "$repository", "$source", "$kind", "$delivery", "$now");
            InsertEvent = Make("INSERT INTO session_events (session_id, seq, at, type, data) VALUES ($id, 1, $now, 'status', $data);", "$id", "$now", "$data");
            InsertJob = Make(
                "INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at) " +
                "VALUES ($id, $automation, $source, $delivery, 'ready', 0, $now, $now);",
                "$id", "$automation", "$source", "$delivery", "$now");
        }

        public SqliteCommand InsertDelivery { get; }

        public SqliteCommand SelectExisting { get; }

        public SqliteCommand InsertSession { get; }

        public SqliteCommand InsertEvent { get; }

        public SqliteCommand InsertJob { get; }

        public void Dispose()
        {
            foreach (var command in new[] { InsertDelivery, SelectExisting, InsertSession, InsertEvent, InsertJob })
            {
                command.Dispose();
            }
        }
    }
}
