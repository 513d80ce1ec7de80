using System.Data;
using System.Data.Common;
using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// Finding a session by what a provider knows of it (its branch, its issue, its Slack thread); and the appends that
/// hold only while the session stands as it was: answering its open question once, and a run's writes (a turn's start,
/// the status at rest) unless a stop ended it meanwhile.
/// </summary>
public sealed partial class SqlSessionStore
{
    public async Task<Session?> FindByBranchAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE repository = @repository AND branch = @branch ORDER BY id DESC LIMIT 1",
            new { repository, branch },
            cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<Session?> FindByIssueAsync(string repository, long number, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE repository = @repository AND pr_number = @number ORDER BY id DESC LIMIT 1",
            new { repository, number },
            cancellationToken: cancellationToken));
        row ??= await connection.QueryFirstOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE subject = @subject ORDER BY id DESC LIMIT 1",
            new { subject = $"{repository}#{number}" },
            cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<Session?> FindBySlackThreadAsync(string thread, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE slack_thread = @thread ORDER BY id DESC LIMIT 1", new { thread }, cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public Task<Session?> AnswerAsync(string sessionId, long questionSeq, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync<Session?>(
            async (connection, transaction) =>
            {
                // The row is locked first (SQLite has one writer), so a second answer waits here and then finds the question closed.
                var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    $"SELECT status FROM sessions WHERE id = @id{database.LockRows}", new { id = sessionId }, transaction, cancellationToken: cancellationToken));
                var asked = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    "SELECT MAX(seq) FROM session_events WHERE session_id = @id AND type = 'status'", new { id = sessionId }, transaction, cancellationToken: cancellationToken));
                if (status != SessionStatus.NeedsInput || asked != questionSeq)
                {
                    return null;
                }

                var session = await AppendAsync(connection, transaction, sessionId, events, now, cancellationToken);
                await SqlCommands.ExecuteAsync(connection, transaction, WakeJob, cancellationToken, c => c.Text("@id", sessionId).Int64("@now", now));
                await database.JobsRunnableAsync(connection, transaction, 1, cancellationToken);
                return session;
            },
            cancellationToken);
    }

    public Task<Session?> AppendUnlessEndedAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync<Session?>(
            async (connection, transaction) =>
            {
                // The row is locked first, so a stop that lands at once is either seen here or written after these events.
                var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    $"SELECT status FROM sessions WHERE id = @id{database.LockRows}", new { id = sessionId }, transaction, cancellationToken: cancellationToken));
                return status is null ? throw new KeyNotFoundException($"No session {sessionId}.")
                    : SessionStatus.IsTerminal(status) ? null
                    : await AppendAsync(connection, transaction, sessionId, events, now, cancellationToken);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<Session>> ListOpenOnBaseAsync(string repository, string @base, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            SelectSession + $" WHERE repository = @repository AND base = @base AND status IN ({PullRequestOpenList}) ORDER BY id DESC LIMIT 100",
            new { repository, @base },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }
}
