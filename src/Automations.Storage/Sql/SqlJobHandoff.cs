using System.Data;
using System.Globalization;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// Jobs handed to a queue outside the store (<see cref="IJobHandoff"/>), in the same <c>jobs</c> table as
/// <see cref="SqlJobQueue"/>. A handed-over job is <c>leased</c> with an owner, no token and the hand-over's
/// deadline as <c>available_at</c>: nothing else takes it until the deadline, and then it is due like any
/// lease that ran out. A claim by id takes a waiting job, a handed-over one, or one whose lease ran out;
/// it gives the job a token, so only the claimant's lease may change it from then on.
/// </summary>
public sealed class SqlJobHandoff(SqlDatabase database, SqlJobQueue queue, TimeProvider time) : IJobHandoff
{
    private const string ClaimSql = """
        UPDATE jobs
           SET state = 'leased', lease_owner = @owner, lease_token = @token, available_at = @until, attempts = @attempt
         WHERE id = @id
           AND (state = 'ready' OR (state = 'leased' AND (lease_token IS NULL OR available_at <= @now)))
        RETURNING id, automation, source, delivery_id, trace_parent
        """;

    private readonly string _takeDueSql = $"""
        UPDATE jobs
           SET state = 'leased', lease_owner = @owner, lease_token = NULL, available_at = @until
         WHERE id IN (SELECT id FROM jobs
                       WHERE state IN ('ready', 'leased') AND available_at <= @now
                       ORDER BY available_at
                       LIMIT @max{database.LockRowsSkipLocked})
        RETURNING id, automation, source, delivery_id, trace_parent
        """;

    public Task<IReadOnlyList<SessionJob>> TakeDueAsync(string owner, int max, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteOnceAsync<IReadOnlyList<SessionJob>>(
            async (connection, transaction) =>
            {
                await using var command = SqlCommands.Create(connection, transaction, _takeDueSql)
                    .Text("@owner", owner)
                    .Int64("@until", until.ToUnixTimeMilliseconds())
                    .Int64("@now", now)
                    .Int64("@max", max);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var jobs = new List<SessionJob>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    jobs.Add(Job(reader));
                }

                return jobs;
            },
            cancellationToken);
    }

    public async Task<JobClaim> ClaimAsync(string sessionId, string workerId, int attempt, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        // What BeatSql reads (the lease it finds, and the time), then what the claim reads besides.
        (string, DbType, object?)[] beat =
        [
            ("@token", DbType.String, token),
            ("@until", DbType.Int64, (now + queue.LeaseDuration).ToUnixTimeMilliseconds()),
            ("@now", DbType.Int64, now.ToUnixTimeMilliseconds()),
        ];
        (string, DbType, object?)[] claim = [.. beat, ("@owner", DbType.String, workerId), ("@attempt", DbType.Int64, (long)attempt), ("@id", DbType.String, sessionId)];

        // The session's heartbeat in the claim's own write, as a lease from the store's queue has it
        // (SqlJobQueue.BeatSql): the runner needs no write of its own for it.
        var job = await database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.QueryAllAsync(
                connection,
                transaction,
                [new SqlStatement(ClaimSql, claim), new SqlStatement(SqlJobQueue.BeatSql, beat)],
                0,
                async reader => await reader.ReadAsync(cancellationToken) ? Job(reader) : null,
                cancellationToken),
            cancellationToken);
        if (job is not null)
        {
            return JobClaim.Claimed(new SqlJobLease(queue, job, attempt, token) { BeatSession = true });
        }

        // Not taken: say why, from the row as it is now.
        await using var read = await database.OpenReadAsync(cancellationToken);
        var rows = (await read.QueryAsync<(string State, string? Owner, long AvailableAt)>(new CommandDefinition(
            "SELECT state, lease_owner, available_at FROM jobs WHERE id = @id", new { id = sessionId }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return new JobClaim(JobClaimOutcome.Missing, Detail: $"no job {sessionId}");
        }

        var (state, owner, availableAt) = rows[0];
        return state is "done" or "dead"
            ? new JobClaim(JobClaimOutcome.Ended, Detail: state)
            : new JobClaim(JobClaimOutcome.Running, Detail: $"{owner} holds it until {DateTimeOffset.FromUnixTimeMilliseconds(availableAt).ToString("O", CultureInfo.InvariantCulture)}");
    }

    public async Task HandBackAsync(IJobLease lease, string owner, DateTimeOffset until, string? error, CancellationToken cancellationToken)
    {
        var sql = SqlLease(lease);
        await ChangeAsync(
            sql,
            "UPDATE jobs SET state = 'leased', lease_owner = @owner, lease_token = NULL, available_at = @until, last_error = COALESCE(@error, last_error) WHERE id = @id AND lease_token = @token",
            cancellationToken,
            ("@owner", DbType.String, owner),
            ("@until", DbType.Int64, until.ToUnixTimeMilliseconds()),
            ("@error", DbType.String, error));
        sql.MarkEnded();
    }

    public async Task MarkDeadAsync(IJobLease lease, string error, CancellationToken cancellationToken)
    {
        var sql = SqlLease(lease);
        await ChangeAsync(
            sql,
            "UPDATE jobs SET state = 'dead', last_error = @error, available_at = @now, lease_owner = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token",
            cancellationToken,
            ("@error", DbType.String, error),
            ("@now", DbType.Int64, time.GetUtcNow().ToUnixTimeMilliseconds()));
        sql.MarkEnded();
    }

    private static SqlJobLease SqlLease(IJobLease lease) =>
        lease as SqlJobLease ?? throw new ArgumentException("The lease was not taken from this store.", nameof(lease));

    private Task<int[]> ChangeAsync(SqlJobLease lease, string sql, CancellationToken cancellationToken, params (string Name, DbType Type, object? Value)[] parameters)
    {
        List<(string Name, DbType Type, object? Value)> values = [("@id", DbType.String, lease.Job.SessionId), ("@token", DbType.String, lease.Token), .. parameters];
        return database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAllAsync(connection, transaction, [new SqlStatement(sql, values)], cancellationToken),
            cancellationToken);
    }

    private static SessionJob Job(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) { TraceParent = reader.IsDBNull(4) ? null : reader.GetString(4) };
}
