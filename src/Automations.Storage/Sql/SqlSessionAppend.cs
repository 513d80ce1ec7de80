using System.Data;
using System.Data.Common;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// Appending events to a session: each event's projection update and its insert, numbered from the update in
/// the same transaction, then the session read back; in one round trip on PostgreSQL (a batch), one statement
/// after the other on SQLite. With a session lock, the lock is taken first in the same batch and every later
/// statement holds only if the session got it.
/// </summary>
internal static class SqlSessionAppend
{
    private const string UpdateProjection = """
        UPDATE sessions
           SET last_seq = last_seq + 1, updated_at = @now,
               status = COALESCE(@status, status), error = CASE WHEN @status IS NOT NULL THEN @error ELSE COALESCE(@error, error) END,
               branch = COALESCE(@branch, branch), repository = COALESCE(@repository, repository),
               repository_url = COALESCE(@repository_url, repository_url), base = COALESCE(@base, base),
               agent = COALESCE(@agent, agent), agent_session_id = COALESCE(@agent_session_id, agent_session_id),
               activity = COALESCE(@activity, activity), concurrency_key = COALESCE(@concurrency_key, concurrency_key),
               question = CASE WHEN @question IS NULL THEN question WHEN @question = '' THEN NULL ELSE @question END,
               cost_usd = cost_usd + COALESCE(@cost, 0), input_tokens = input_tokens + COALESCE(@input, 0),
               output_tokens = output_tokens + COALESCE(@output, 0), turns = turns + COALESCE(@turns, 0),
               sandboxed = COALESCE(@sandboxed, sandboxed), output_bytes = output_bytes + COALESCE(@output_bytes, 0),
               inbox_seq = CASE WHEN @message = 1 THEN last_seq + 1 ELSE inbox_seq END,
               handled_seq = COALESCE(@handled, handled_seq),
               slack_thread = COALESCE(@slack_thread, slack_thread), pr_number = COALESCE(@pr_number, pr_number), pr_url = COALESCE(@pr_url, pr_url),
               pr_opened_at = CASE WHEN @pr_number IS NOT NULL AND pr_opened_at IS NULL THEN @now ELSE pr_opened_at END,
               heartbeat_at = CASE WHEN @status = 'working' THEN @now ELSE heartbeat_at END
         WHERE id = @id
        """;

    private const string InsertEvent = "INSERT INTO session_events (session_id, seq, at, type, data) SELECT id, last_seq, @now, @type, @data FROM sessions WHERE id = @id";

    private const string HeldByThisSession = " AND EXISTS (SELECT 1 FROM locks WHERE key = @lock AND session_id = @id)";

    public static Task<Session> AppendAsync(DbConnection connection, DbTransaction? transaction, string sessionId, IReadOnlyList<SessionEventDraft> events, long now, CancellationToken cancellationToken)
    {
        var statements = Statements(sessionId, events, now, string.Empty);
        statements.Add(new SqlStatement("SELECT " + SessionRow.Columns + " FROM sessions WHERE id = @id", ("@id", DbType.String, sessionId)));
        return SqlCommands.QueryAllAsync(
            connection,
            transaction,
            statements,
            statements.Count - 1,
            async reader => await reader.ReadAsync(cancellationToken)
                ? reader.GetRowParser<SessionRow>()(reader).ToSession()
                : throw new KeyNotFoundException($"No session {sessionId}."),
            cancellationToken);
    }

    /// <summary>Takes the lock as <see cref="SqlSessionLocks"/> does and appends the events only if the session has it now.</summary>
    public static Task<LockedAppend> AppendLockedAsync(DbConnection connection, DbTransaction? transaction, string sessionId, string lockKey, long expires, IReadOnlyList<SessionEventDraft> events, long now, CancellationToken cancellationToken)
    {
        List<SqlStatement> statements =
        [
            new SqlStatement(SqlSessionLocks.AcquireSql, ("@key", DbType.String, lockKey), ("@session", DbType.String, sessionId), ("@expires", DbType.Int64, expires), ("@now", DbType.Int64, now)),
            .. Statements(sessionId, events, now, HeldByThisSession, ("@lock", DbType.String, lockKey)),
            new SqlStatement(
                "SELECT " + SessionRow.Columns + ", (SELECT session_id FROM locks WHERE key = @lock) AS lock_holder FROM sessions WHERE id = @id",
                ("@id", DbType.String, sessionId),
                ("@lock", DbType.String, lockKey)),
        ];
        return SqlCommands.QueryAllAsync(
            connection,
            transaction,
            statements,
            statements.Count - 1,
            async reader =>
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new KeyNotFoundException($"No session {sessionId}.");
                }

                var holder = reader.GetString(reader.GetOrdinal("lock_holder"));
                return holder == sessionId ? new LockedAppend(reader.GetRowParser<SessionRow>()(reader).ToSession(), null) : new LockedAppend(null, holder);
            },
            cancellationToken);
    }

    /// <summary>Each event's update and insert; <paramref name="guard"/> is added to both statements' conditions.</summary>
    private static List<SqlStatement> Statements(string sessionId, IReadOnlyList<SessionEventDraft> events, long now, string guard, params (string Name, DbType Type, object? Value)[] guardParameters)
    {
        var statements = new List<SqlStatement>(events.Count * 2 + 2);
        foreach (var draft in events)
        {
            var change = draft.Change;
            statements.Add(new SqlStatement(
                UpdateProjection + guard,
                [
                    ("@id", DbType.String, sessionId), ("@now", DbType.Int64, now),
                    ("@status", DbType.String, change?.Status), ("@error", DbType.String, change?.Error), ("@branch", DbType.String, change?.Branch),
                    ("@repository", DbType.String, change?.Repository), ("@repository_url", DbType.String, change?.RepositoryUrl), ("@base", DbType.String, change?.Base),
                    ("@agent", DbType.String, change?.Agent), ("@agent_session_id", DbType.String, change?.AgentSessionId), ("@activity", DbType.String, change?.Activity),
                    ("@concurrency_key", DbType.String, change?.ConcurrencyKey), ("@question", DbType.String, change?.Question),
                    ("@pr_url", DbType.String, change?.PullRequest?.Url), ("@slack_thread", DbType.String, change?.SlackThread),
                    ("@cost", DbType.Double, change?.AddCostUsd is { } cost ? (double)cost : null),
                    ("@input", DbType.Int64, change?.AddInputTokens), ("@output", DbType.Int64, change?.AddOutputTokens), ("@turns", DbType.Int64, (long?)change?.AddTurns),
                    ("@message", DbType.Int64, change?.IsMessage == true ? 1L : 0L), ("@handled", DbType.Int64, change?.HandledSeq),
                    ("@pr_number", DbType.Int64, change?.PullRequest?.Number), ("@sandboxed", DbType.Int64, change?.Sandboxed is { } sandboxed ? (sandboxed ? 1L : 0L) : null),
                    ("@output_bytes", DbType.Int64, change?.AddOutputBytes),
                    .. guardParameters,
                ]));
            statements.Add(new SqlStatement(
                InsertEvent + guard,
                [("@id", DbType.String, sessionId), ("@now", DbType.Int64, now), ("@type", DbType.String, draft.Type), ("@data", DbType.String, draft.Data.GetRawText()), .. guardParameters]));
        }

        return statements;
    }
}
