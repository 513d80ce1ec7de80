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
    private const DbType Text = DbType.String;
    private const DbType Number = DbType.Int64;

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly int _refusedCap;
    private readonly SqlDeliveryReads _reads;
    private readonly Channel<SqlPendingDelivery> _pending = Channel.CreateUnbounded<SqlPendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqlDeliveryStore(SqlDatabase database, DeliveryStoreOptions options, TimeProvider time)
    {
        _database = database;
        _time = time;
        _maxBatch = Math.Max(1, options.MaxBatch);
        _refusedCap = Math.Max(1, options.RefusedCap);
        _reads = new SqlDeliveryReads(database);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<RecordResult> RecordAsync(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, CancellationToken cancellationToken)
    {
        var pending = new SqlPendingDelivery(delivery, sessions, _database.PacksBodies);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqlDeliveryStore), "The store is shutting down.");
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken) =>
        _reads.GetAsync(source, deliveryId, cancellationToken);

    public async Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Event, byte[] Body, long? Size)>(new CommandDefinition(
            "SELECT event, body, body_size FROM deliveries WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId },
            cancellationToken: cancellationToken));
        return row.Event is null ? null : TriggerEvent.FromEnvelope(row.Event, DeliveryBody.Unpack(row.Body, row.Size));
    }

    public Task<IReadOnlyList<StoredDelivery>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken) =>
        _reads.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<StoredDelivery>> FindAsync(string deliveryId, CancellationToken cancellationToken) =>
        _reads.FindAsync(deliveryId, cancellationToken);

    public Task<byte[]?> GetBodyAsync(string source, string deliveryId, CancellationToken cancellationToken) =>
        _reads.GetBodyAsync(source, deliveryId, cancellationToken);

    public Task<IReadOnlyList<RefusalCount>> RefusalCountsAsync(CancellationToken cancellationToken) =>
        _reads.RefusalCountsAsync(cancellationToken);

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

    /// <summary>The answer to a duplicate: the first delivery's matches and sessions, as stored (JSON lists).</summary>
    internal static RecordResult FirstAnswer(string matched, string sessions) => new(true, ParseList(matched), ParseList(sessions));

    private async Task WriteLoopAsync()
    {
        var batch = new List<SqlPendingDelivery>(_maxBatch);
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

    /// <summary>
    /// The batch in one transaction: in one statement where the dialect has one (<see cref="SqlDatabase.RecordGroupAsync"/>),
    /// else in steps.
    /// </summary>
    private async Task WriteAsync(List<SqlPendingDelivery> batch)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await _database.RecordGroupAsync(batch, now, _refusedCap))
        {
            await WriteInStepsAsync(batch, now);
        }
    }

    /// <summary>
    /// The batch in three round trips where the database batches statements: the deliveries' inserts, then
    /// the sessions, events and jobs of those that were new (and the dialect's word to other instances), then
    /// the commit. A delivery whose insert changed nothing is a duplicate (stored before, or earlier in this
    /// batch) and gets the first answer.
    /// </summary>
    private Task<int> WriteInStepsAsync(List<SqlPendingDelivery> batch, long now) =>
        _database.WriteAsync(
            async (connection, transaction) =>
            {
                var inserted = await SqlCommands.ExecuteAllAsync(connection, transaction, [.. batch.Select(InsertDelivery)], CancellationToken.None);
                var writes = new List<SqlStatement>();
                var sessions = new SqlNewSessions(connection, transaction);
                var jobs = 0;
                var refused = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    var pending = batch[i];
                    var d = pending.Delivery;
                    if (inserted[i] == 0)
                    {
                        pending.Result = await ExistingAsync(connection, transaction, d);
                        continue;
                    }

                    if (d.Status == DeliveryStatus.Refused)
                    {
                        writes.Add(CountRefusal(pending));
                        refused++;
                    }

                    var skipped = new List<string>();
                    foreach (var session in pending.Sessions)
                    {
                        if (!await sessions.AddAsync(writes, d, session, now))
                        {
                            skipped.Add(session.Id);
                        }
                        else if (d.HandOver is null)
                        {
                            jobs++;
                        }
                    }

                    pending.Result = pending.Stored(skipped);
                }

                if (refused > 0)
                {
                    writes.Add(TrimRefused());
                }

                if (jobs > 0 && _database.JobsRunnable(jobs) is { } notify)
                {
                    writes.Add(notify);
                }

                await SqlCommands.ExecuteAllAsync(connection, transaction, writes, CancellationToken.None);
                return batch.Count;
            },
            CancellationToken.None);

    private static SqlStatement CountRefusal(SqlPendingDelivery pending) => new(
        "INSERT INTO delivery_refusals (source, reason, refusals, last_at) VALUES (@source, @reason, 1, @at) " +
        "ON CONFLICT (source, reason) DO UPDATE SET refusals = delivery_refusals.refusals + 1, last_at = excluded.last_at",
        ("@source", Text, pending.Delivery.Source), ("@reason", Text, pending.RefusalReason), ("@at", Number, pending.Delivery.ReceivedAt.ToUnixTimeMilliseconds()));

    /// <summary>The refused rows past the cap, oldest first: one range on the status index, once per batch.</summary>
    private SqlStatement TrimRefused() => new(
        $"DELETE FROM deliveries WHERE status = 'refused' AND {_database.ArrivalColumn} <= " +
        $"(SELECT {_database.ArrivalColumn} FROM deliveries WHERE status = 'refused' ORDER BY {_database.ArrivalColumn} DESC LIMIT 1 OFFSET @cap)",
        ("@cap", Number, (long)_refusedCap));

    private static SqlStatement InsertDelivery(SqlPendingDelivery pending)
    {
        var d = pending.Delivery;
        return new(
            "INSERT INTO deliveries (source, delivery_id, received_at, status, kind, error, headers, body, body_size, event, matched, sessions, refused, replay_of) " +
            "VALUES (@source, @id, @received, @status, @kind, @error, @headers, @body, @bodySize, @event, @matched, @sessions, @refused, @replayOf) " +
            "ON CONFLICT (source, delivery_id) DO NOTHING",
            ("@source", Text, d.Source), ("@id", Text, d.DeliveryId), ("@received", Number, d.ReceivedAt.ToUnixTimeMilliseconds()), ("@status", Text, d.Status),
            ("@kind", Text, d.Kind), ("@error", Text, d.Error), ("@headers", Text, d.HeadersJson), ("@body", DbType.Binary, pending.StoredBody), ("@bodySize", Number, pending.BodySize), ("@event", Text, d.EventJson),
            ("@matched", Text, pending.MatchedJson), ("@sessions", Text, pending.SessionsJson), ("@refused", Text, pending.RefusedJson), ("@replayOf", Text, d.ReplayOf));
    }

    private static async Task<RecordResult> ExistingAsync(DbConnection connection, DbTransaction transaction, DeliveryRecord d)
    {
        await using var command = SqlCommands.Create(connection, transaction, "SELECT matched, sessions FROM deliveries WHERE source = @source AND delivery_id = @id")
            .Text("@source", d.Source)
            .Text("@id", d.DeliveryId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return FirstAnswer(reader.GetString(0), reader.GetString(1));
    }
}
