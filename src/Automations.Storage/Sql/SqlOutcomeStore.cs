using Automations.Core.Outcomes;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>Sessions' outcomes on their rows, and each automation's record as aggregates over them.</summary>
public sealed class SqlOutcomeStore(SqlDatabase database) : IOutcomeStore
{
    private const string SelectSession = "SELECT " + SessionRow.Columns + " FROM sessions";

    private const long DayMs = 86_400_000;

    // A closed pull request may be reopened and merged; a merged one may only be reverted.
    private const string Record = """
        UPDATE sessions
           SET outcome = @outcome, outcome_at = @at,
               merge_commit_sha = COALESCE(@sha, merge_commit_sha), pr_opened_at = COALESCE(pr_opened_at, @opened)
         WHERE id = @id
           AND (outcome IS NULL OR (outcome = 'closed' AND @outcome = 'merged') OR (outcome = 'merged' AND @outcome = 'reverted'))
        """;

    public async Task<bool> RecordAsync(OutcomeChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await database.WriteOnceAsync(
            async (connection, transaction) => await SqlCommands.ExecuteAsync(
                connection,
                transaction,
                Record,
                cancellationToken,
                c => c.Text("@id", change.SessionId).Text("@outcome", change.Outcome).Int64("@at", change.At.ToUnixTimeMilliseconds())
                    .Text("@sha", change.MergeCommitSha?.ToLowerInvariant()).Int64("@opened", change.PullRequestOpenedAt?.ToUnixTimeMilliseconds())) == 1,
            cancellationToken);
    }

    public async Task<IReadOnlyList<Session>> FindMergedByCommitAsync(string repository, IReadOnlyList<string> mergeCommitShas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mergeCommitShas);
        if (mergeCommitShas.Count == 0)
        {
            return [];
        }

        // One parameter per commit, written out: SQLite and PostgreSQL share no list syntax.
        var parameters = new DynamicParameters(new { repository });
        var names = mergeCommitShas.Select((sha, i) => { parameters.Add($"@c{i}", sha.ToLowerInvariant()); return $"@c{i}"; }).ToList();
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            SelectSession + $" WHERE repository = @repository AND merge_commit_sha IN ({string.Join(", ", names)}) AND outcome = 'merged'",
            parameters,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }

    public async Task<Session?> FindMergedByNumberAsync(string repository, int number, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE repository = @repository AND pr_number = @number AND outcome = 'merged' ORDER BY id DESC LIMIT 1",
            new { repository, number = (long)number },
            cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<AutomationRecord> RecordOfAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var parameters = new { automation, since = since.ToUnixTimeMilliseconds() };
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var totals = await connection.QuerySingleAsync<(long Runs, double Cost, long Merged, long Closed, long Reverted, long Opened)>(new CommandDefinition(
            """
            SELECT COUNT(*), COALESCE(SUM(cost_usd), 0.0),
                   COALESCE(SUM(CASE WHEN outcome = 'merged' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN outcome = 'closed' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN outcome = 'reverted' THEN 1 ELSE 0 END), 0),
                   COUNT(pr_opened_at)
              FROM sessions WHERE automation = @automation AND created_at >= @since
            """,
            parameters,
            cancellationToken: cancellationToken));

        // The median is the one row in the middle of the ordered times, read alone.
        long? median = totals.Opened == 0 ? null : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT pr_opened_at - created_at AS took FROM sessions WHERE automation = @automation AND created_at >= @since AND pr_opened_at IS NOT NULL ORDER BY took LIMIT 1 OFFSET @middle",
            new { parameters.automation, parameters.since, middle = (totals.Opened - 1) / 2 },
            cancellationToken: cancellationToken));
        return new AutomationRecord
        {
            Since = since,
            Runs = totals.Runs,
            CostUsd = Math.Round((decimal)totals.Cost, 6),
            Merged = totals.Merged,
            Closed = totals.Closed,
            Reverted = totals.Reverted,
            MedianToPullRequest = median is { } ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null,
        };
    }

    public async Task<IReadOnlyList<DailyRuns>> DailyAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Day, long Runs, double Cost)>(new CommandDefinition(
            $"SELECT created_at / {DayMs} AS day, COUNT(*), COALESCE(SUM(cost_usd), 0.0) FROM sessions WHERE automation = @automation AND created_at >= @since GROUP BY created_at / {DayMs} ORDER BY day",
            new { automation, since = since.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DailyRuns(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(r.Day * DayMs).UtcDateTime), r.Runs, Math.Round((decimal)r.Cost, 6)))];
    }
}
