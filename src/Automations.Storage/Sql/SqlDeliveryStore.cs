using System.Data;
using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// Deliveries, with their sessions and jobs, written by group commit: requests queue up while a commit
/// is in progress, the next commit takes all of them (up to <see cref="DeliveryStoreOptions.MaxBatch"/>) in
/// one transaction, and each caller is answered only after the commit that holds its delivery. One fsync
/// then serves many deliveries instead of one. When a batch fails, each of its deliveries is written
/// again alone, so that a delivery that cannot be written fails alone.
/// </summary>
public sealed class SqlDeliveryStore : IDeliveryStore, IAsyncDisposable
{
    private const string SelectDelivery =
        "SELECT source AS Source, delivery_id AS DeliveryId, received_at AS ReceivedAt, status AS Status, kind AS Kind, " +
        "error AS Error, event AS EventJson, matched AS Matched, sessions AS Sessions, refused AS Refused, CAST(length(body) AS BIGINT) AS BodyBytes FROM deliveries";

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly Channel<PendingRecord> _pending = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqlDeliveryStore(SqlDatabase database, DeliveryStoreOptions options, TimeProvider time)
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
            throw new ObjectDisposedException(nameof(SqlDeliveryStore), "The store is shutting down.");
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            SelectDelivery + " WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId },
            cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    public async Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Event, byte[] Body)>(new CommandDefinition(
            "SELECT event, body FROM deliveries WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId },
            cancellationToken: cancellationToken));
        return row.Event is null ? null : TriggerEvent.FromEnvelope(row.Event, row.Body);
    }

    public async Task<IReadOnlyList<StoredDelivery>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            SelectDelivery + $" ORDER BY {_database.ArrivalColumn} DESC LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<string?> LastDeliveryIdAsync(string source, string prefix, CancellationToken cancellationToken)
    {
        // A range on the primary key (source, delivery_id), not a scan: ids in [prefix, prefix + U+FFFF).
        // Ids compare byte by byte (PostgreSQL: the "C" collation), as the range needs.
        await using var connection = await _database.OpenReadAsync(cancellationToken);
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

    internal static IReadOnlyList<string> ParseList(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

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
            catch (DbException) when (batch.Count > 1)
            {
                // One delivery took the whole transaction down (or, on a shared store, two instances'
                // batches deadlocked): write each alone, so only a delivery that cannot be written fails.
                foreach (var pending in batch)
                {
                    pending.Result = null;
                    try
                    {
                        await WriteAsync([pending]);
                    }
                    catch (DbException ex)
                    {
                        pending.Error = ex;
                    }
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
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
            async (connection, transaction) =>
            {
                await using var commands = new BatchCommands(connection, transaction);
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var jobs = 0;
                foreach (var pending in batch)
                {
                    pending.Result = await WriteAsync(commands, pending, now);
                    jobs += pending.Result.Duplicate ? 0 : pending.Sessions.Count;
                }

                if (jobs > 0)
                {
                    await _database.JobsRunnableAsync(connection, transaction, jobs, CancellationToken.None);
                }

                return batch.Count;
            },
            CancellationToken.None);

    private static async Task<RecordResult> WriteAsync(BatchCommands commands, PendingRecord pending, long now)
    {
        var d = pending.Delivery;
        var sessionIds = pending.Sessions.Select(s => s.Id).ToList();
        var insert = commands.InsertDelivery;
        insert.Parameters["@source"].Value = d.Source;
        insert.Parameters["@id"].Value = d.DeliveryId;
        insert.Parameters["@received"].Value = d.ReceivedAt.ToUnixTimeMilliseconds();
        insert.Parameters["@status"].Value = d.Status;
        insert.Parameters["@kind"].Value = (object?)d.Kind ?? DBNull.Value;
        insert.Parameters["@error"].Value = (object?)d.Error ?? DBNull.Value;
        insert.Parameters["@headers"].Value = d.HeadersJson;
        insert.Parameters["@body"].Value = d.Body.ToArray();
        insert.Parameters["@event"].Value = (object?)d.EventJson ?? DBNull.Value;
        insert.Parameters["@matched"].Value = JsonSerializer.Serialize(d.Matched);
        insert.Parameters["@sessions"].Value = JsonSerializer.Serialize(sessionIds);
        insert.Parameters["@refused"].Value = JsonSerializer.Serialize(d.Refused);
        if (await insert.ExecuteNonQueryAsync() == 0)
        {
            var existing = commands.SelectExisting;
            existing.Parameters["@source"].Value = d.Source;
            existing.Parameters["@id"].Value = d.DeliveryId;
            await using var reader = await existing.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new RecordResult(true, ParseList(reader.GetString(0)), ParseList(reader.GetString(1)));
        }

        var created = JsonSerializer.Serialize(new { status = SessionStatus.Spawning, reason = $"{d.Source} delivery {d.DeliveryId}" });
        foreach (var session in pending.Sessions)
        {
            var s = commands.InsertSession;
            s.Parameters["@id"].Value = session.Id;
            s.Parameters["@automation"].Value = session.Automation;
            s.Parameters["@status"].Value = SessionStatus.Spawning;
            s.Parameters["@repository"].Value = (object?)session.Repository ?? DBNull.Value;
            s.Parameters["@source"].Value = d.Source;
            s.Parameters["@kind"].Value = session.Kind;
            s.Parameters["@delivery"].Value = d.DeliveryId;
            s.Parameters["@now"].Value = now;
            await s.ExecuteNonQueryAsync();

            var e = commands.InsertEvent;
            e.Parameters["@id"].Value = session.Id;
            e.Parameters["@now"].Value = now;
            e.Parameters["@data"].Value = created;
            await e.ExecuteNonQueryAsync();

            var j = commands.InsertJob;
            j.Parameters["@id"].Value = session.Id;
            j.Parameters["@automation"].Value = session.Automation;
            j.Parameters["@source"].Value = d.Source;
            j.Parameters["@delivery"].Value = d.DeliveryId;
            j.Parameters["@now"].Value = now;
            await j.ExecuteNonQueryAsync();
        }

        return new RecordResult(false, d.Matched, sessionIds);
    }

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

    /// <summary>The batch's statements, made once per transaction and run with new values for each delivery.</summary>
    private sealed class BatchCommands : IAsyncDisposable
    {
        public BatchCommands(DbConnection connection, DbTransaction transaction)
        {
            DbCommand Make(string sql, params (string Name, DbType Type)[] parameters)
            {
                var command = SqlCommands.Create(connection, transaction, sql);
                foreach (var (name, type) in parameters)
                {
                    command.Add(name, type);
                }

                return command;
            }

            const DbType text = DbType.String;
            const DbType number = DbType.Int64;
            InsertDelivery = Make(
                "INSERT INTO deliveries (source, delivery_id, received_at, status, kind, error, headers, body, event, matched, sessions, refused) " +
                "VALUES (@source, @id, @received, @status, @kind, @error, @headers, @body, @event, @matched, @sessions, @refused) " +
                "ON CONFLICT (source, delivery_id) DO NOTHING",
                ("@source", text), ("@id", text), ("@received", number), ("@status", text), ("@kind", text), ("@error", text),
                ("@headers", text), ("@body", DbType.Binary), ("@event", text), ("@matched", text), ("@sessions", text), ("@refused", text));
            SelectExisting = Make("SELECT matched, sessions FROM deliveries WHERE source = @source AND delivery_id = @id", ("@source", text), ("@id", text));
            InsertSession = Make(
                "INSERT INTO sessions (id, automation, status, repository, source, kind, delivery_id, created_at, updated_at, last_seq) " +
                "VALUES (@id, @automation, @status, @repository, @source, @kind, @delivery, @now, @now, 1)",
                ("@id", text), ("@automation", text), ("@status", text), ("@repository", text), ("@source", text), ("@kind", text), ("@delivery", text), ("@now", number));
            InsertEvent = Make("INSERT INTO session_events (session_id, seq, at, type, data) VALUES (@id, 1, @now, 'status', @data)", ("@id", text), ("@now", number), ("@data", text));
            InsertJob = Make(
                "INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at) " +
                "VALUES (@id, @automation, @source, @delivery, 'ready', 0, @now, @now)",
                ("@id", text), ("@automation", text), ("@source", text), ("@delivery", text), ("@now", number));
        }

        public DbCommand InsertDelivery { get; }

        public DbCommand SelectExisting { get; }

        public DbCommand InsertSession { get; }

        public DbCommand InsertEvent { get; }

        public DbCommand InsertJob { get; }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { InsertDelivery, SelectExisting, InsertSession, InsertEvent, InsertJob })
            {
                await command.DisposeAsync();
            }
        }
    }
}
