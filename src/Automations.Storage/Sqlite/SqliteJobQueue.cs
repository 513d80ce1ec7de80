using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sqlite;

/// <summary>
/// Session jobs in the <c>jobs</c> table. Taking a job sets a lease with a random token; every later
/// change names that token, so a worker whose lease ran out and was taken by another can no longer
/// touch the job. A leased job's <c>available_at</c> is its lease's deadline: an expired lease is as good
/// as <c>ready</c>, and one index serves both.
/// </summary>
public sealed class SqliteJobQueue(SqliteDatabase database, QueueOptions options, TimeProvider time) : IJobQueue
{
    private const string LeaseSql = """
        UPDATE jobs
           SET state = 'leased', lease_owner = $owner, lease_token = $token, available_at = $until, attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs
                      WHERE state IN ('ready', 'leased') AND available_at <= $now
                      ORDER BY available_at
                      LIMIT 1)
        RETURNING id, automation, source, delivery_id, attempts;
        """;

    public Task<IJobLease?> TryLeaseAsync(string workerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        return database.WriteAsync<IJobLease?>(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = LeaseSql;
                command.Parameters.AddWithValue("$owner", workerId);
                command.Parameters.AddWithValue("$token", token);
                command.Parameters.AddWithValue("$until", (now + options.LeaseDuration).ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                var job = new SessionJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                return new SqliteJobLease(this, job, reader.GetInt32(4), token);
            },
            cancellationToken);
    }

    public async Task<QueueCounts> CountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = database.OpenRead();
        var row = await connection.QuerySingleAsync<(long Available, long Leased, long Dead)>(new CommandDefinition(
            """
            SELECT
              COALESCE(SUM(CASE WHEN state = 'ready' OR (state = 'leased' AND available_at <= @now) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'leased' AND available_at > @now THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0)
            FROM jobs WHERE state <> 'done'
            """,
            new { now },
            cancellationToken: cancellationToken));
        return new QueueCounts((int)row.Available, (int)row.Leased, (int)row.Dead);
    }

    internal Task<bool> ExtendAsync(SqliteJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET available_at = $until WHERE id = $id AND lease_token = $token AND state = 'leased';",
            cancellationToken, ("$until", (time.GetUtcNow() + options.LeaseDuration).ToUnixTimeMilliseconds()));

    /// <summary>Ends the job; if its session got a message while it ran (<c>rerun</c>), it is ready again at once.</summary>
    internal Task<bool> CompleteAsync(SqliteJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = CASE WHEN rerun = 1 THEN 'ready' ELSE 'done' END, attempts = CASE WHEN rerun = 1 THEN 0 ELSE attempts END, available_at = $now, rerun = 0, lease_owner = NULL, lease_token = NULL WHERE id = $id AND lease_token = $token;",
            cancellationToken, ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    internal Task<bool> PostponeAsync(SqliteJobLease lease, TimeSpan delay, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = 'ready', attempts = attempts - 1, available_at = $at, lease_owner = NULL, lease_token = NULL WHERE id = $id AND lease_token = $token;",
            cancellationToken, ("$at", (time.GetUtcNow() + delay).ToUnixTimeMilliseconds()));

    internal Task<bool> ReleaseAsync(SqliteJobLease lease, CancellationToken cancellationToken) =>
        ChangeAsync(lease, "UPDATE jobs SET state = 'ready', attempts = attempts - 1, available_at = $now, lease_owner = NULL, lease_token = NULL WHERE id = $id AND lease_token = $token;",
            cancellationToken, ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Schedules a retry with backoff, or marks the job dead after its last attempt. True if dead.</summary>
    internal async Task<bool> FailAsync(SqliteJobLease lease, string error, CancellationToken cancellationToken)
    {
        var dead = lease.Attempt >= options.MaxAttempts;
        var delay = Backoff.Delay(lease.Attempt, options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared.NextDouble());
        var sql = dead
            ? "UPDATE jobs SET state = 'dead', last_error = $error, lease_owner = NULL, lease_token = NULL WHERE id = $id AND lease_token = $token;"
            : "UPDATE jobs SET state = 'ready', last_error = $error, available_at = $at, lease_owner = NULL, lease_token = NULL WHERE id = $id AND lease_token = $token;";
        await ChangeAsync(lease, sql, cancellationToken, ("$error", error), ("$at", (time.GetUtcNow() + delay).ToUnixTimeMilliseconds()));
        return dead;
    }

    /// <summary>Runs one statement on the leased job, named by its id and lease token. False if the lease is no longer ours.</summary>
    private Task<bool> ChangeAsync(SqliteJobLease lease, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$id", lease.Job.SessionId);
                command.Parameters.AddWithValue("$token", lease.Token);
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
}
