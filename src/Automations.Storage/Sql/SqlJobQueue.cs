using System.Data;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// Session jobs in the <c>jobs</c> table. Taking a job sets a lease with a random token; every later
/// change names that token, so a worker whose lease ran out and was taken by another can no longer
/// touch the job. A leased job's <c>available_at</c> is its lease's deadline: an expired lease is as good
/// as <c>ready</c>, and one index serves both. On a shared store the job is taken with
/// <c>FOR UPDATE SKIP LOCKED</c>: two workers never wait on, nor take, the same row.
/// </summary>
public sealed class SqlJobQueue(SqlDatabase database, QueueOptions options, TimeProvider time) : IJobQueue
{
    private readonly string _leaseSql = $"""
        UPDATE jobs
           SET state = 'leased', lease_owner = @owner, lease_token = @token, available_at = @until, attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs
                      WHERE state IN ('ready', 'leased') AND available_at <= @now
                      ORDER BY available_at
                      LIMIT 1{database.LockRowsSkipLocked})
        RETURNING id, automation, source, delivery_id, attempts, trace_parent
        """;

    // In the lease's own write: the session has a live worker again before its runner looks at it, and the
    // janitor, which marks sessions with a stale heartbeat stuck, either did so before this or does not now.
    internal const string BeatSql = "UPDATE sessions SET heartbeat_at = @now WHERE id IN (SELECT id FROM jobs WHERE state = 'leased' AND available_at = @until AND lease_token = @token)";

    /// <summary>How long a taken job stays invisible without a heartbeat.</summary>
    internal TimeSpan LeaseDuration => options.LeaseDuration;

    public async Task<IJobLease?> TryLeaseAsync(string workerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        (string, DbType, object?)[] parameters =
        [
            ("@owner", DbType.String, workerId),
            ("@token", DbType.String, token),
            ("@until", DbType.Int64, (now + options.LeaseDuration).ToUnixTimeMilliseconds()),
            ("@now", DbType.Int64, now.ToUnixTimeMilliseconds()),
        ];
        return await database.WriteOnceAsync<IJobLease?>(
            (connection, transaction) => SqlCommands.QueryAllAsync<IJobLease?>(
                connection,
                transaction,
                [new SqlStatement(_leaseSql, parameters), new SqlStatement(BeatSql, parameters[1..])],
                0,
                async reader =>
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return null;
                    }

                    var job = new SessionJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) { TraceParent = reader.IsDBNull(5) ? null : reader.GetString(5) };
                    return new SqlJobLease(this, job, Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture), token) { BeatSession = true };
                },
                cancellationToken),
            cancellationToken);
    }

    public async Task<QueueCounts> CountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(long Available, long Leased, long Dead, long? OldestDue)>(new CommandDefinition(
            """
            SELECT
              COALESCE(SUM(CASE WHEN state = 'ready' OR (state = 'leased' AND available_at <= @now) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'leased' AND available_at > @now THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0),
              MIN(CASE WHEN state IN ('ready', 'leased') AND available_at <= @now THEN available_at END)
            FROM jobs WHERE state <> 'done'
            """,
            new { now },
            cancellationToken: cancellationToken));
        return new QueueCounts((int)row.Available, (int)row.Leased, (int)row.Dead)
        {
            OldestDueAt = row.OldestDue is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null,
        };
    }

    public async Task<QueuedJob?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            "SELECT " + JobRow.Columns + " FROM jobs WHERE id = @id", new { id = sessionId }, cancellationToken: cancellationToken));
        return row?.ToJob();
    }

    public Task<IReadOnlyList<QueuedJob>> ListRunningAsync(int limit, CancellationToken cancellationToken) =>
        ListAsync("state = 'leased' AND lease_token IS NOT NULL AND available_at > @now ORDER BY id", limit, cancellationToken);

    public Task<IReadOnlyList<QueuedJob>> ListDeadAsync(int limit, CancellationToken cancellationToken) =>
        ListAsync("state = 'dead' ORDER BY available_at DESC, id DESC", limit, cancellationToken);

    internal Task<bool> ExtendAsync(SqlJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET available_at = @until WHERE id = @id AND lease_token = @token AND state = 'leased'",
            cancellationToken, p => p.Add(("@until", DbType.Int64, (time.GetUtcNow() + options.LeaseDuration).ToUnixTimeMilliseconds())));

    /// <summary>Ends the job; if its session got a message while it ran (<c>rerun</c>), it is ready again at once.</summary>
    internal Task<bool> CompleteAsync(SqlJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = CASE WHEN rerun = 1 THEN 'ready' ELSE 'done' END, attempts = CASE WHEN rerun = 1 THEN 0 ELSE attempts END, available_at = @now, rerun = 0, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token",
            cancellationToken, p => p.Add(("@now", DbType.Int64, time.GetUtcNow().ToUnixTimeMilliseconds())));

    internal Task<bool> PostponeAsync(SqlJobLease lease, TimeSpan delay, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = 'ready', attempts = attempts - 1, available_at = @at, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token",
            cancellationToken, p => p.Add(("@at", DbType.Int64, (time.GetUtcNow() + delay).ToUnixTimeMilliseconds())));

    /// <summary>Gives the job back at once; other instances are told, so one of them may take it now.</summary>
    internal Task<bool> ReleaseAsync(SqlJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = 'ready', attempts = attempts - 1, available_at = @now, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token",
            cancellationToken, p => p.Add(("@now", DbType.Int64, time.GetUtcNow().ToUnixTimeMilliseconds())), runnable: true);

    /// <summary>Schedules a retry with backoff, or marks the job dead after its last attempt. True if dead.</summary>
    internal async Task<DateTimeOffset?> FailAsync(SqlJobLease lease, string error, CancellationToken cancellationToken)
    {
        var dead = lease.Attempt >= options.MaxAttempts;
        var delay = Backoff.Delay(lease.Attempt, options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared.NextDouble());
        var sql = dead
            ? "UPDATE jobs SET state = 'dead', last_error = @error, available_at = @at, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token"
            : "UPDATE jobs SET state = 'ready', last_error = @error, available_at = @at, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token";
        var retryAt = time.GetUtcNow() + delay;

        // A dead job's available_at is when it died: the queue page lists the newest dead first.
        var at = dead ? time.GetUtcNow().ToUnixTimeMilliseconds() : retryAt.ToUnixTimeMilliseconds();
        await ChangeAsync(lease, sql, cancellationToken, p =>
        {
            p.Add(("@error", DbType.String, error));
            p.Add(("@at", DbType.Int64, at));
        });
        return dead ? null : retryAt;
    }

    private async Task<IReadOnlyList<QueuedJob>> ListAsync(string where, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(new CommandDefinition(
            "SELECT " + JobRow.Columns + " FROM jobs WHERE " + where + " LIMIT @limit",
            new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), limit = Math.Clamp(limit, 1, 1000) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToJob())];
    }

    /// <summary>
    /// Runs one statement on the leased job, named by its id and lease token, and for a job made runnable
    /// the dialect's word to other instances, in one round trip. False if the lease is no longer ours.
    /// </summary>
    private Task<bool> ChangeAsync(SqlJobLease lease, string sql, CancellationToken cancellationToken, Action<List<(string, DbType, object?)>> parameters, bool runnable = false)
    {
        var values = new List<(string Name, DbType Type, object? Value)> { ("@id", DbType.String, lease.Job.SessionId), ("@token", DbType.String, lease.Token) };
        parameters(values);
        List<SqlStatement> statements = [new SqlStatement(sql, values)];
        if (runnable && database.JobsRunnable(1) is { } notify)
        {
            statements.Add(notify);
        }

        return database.WriteOnceAsync(
            async (connection, transaction) => (await SqlCommands.ExecuteAllAsync(connection, transaction, statements, cancellationToken))[0] == 1,
            cancellationToken);
    }
}
