using System.Data;
using System.Data.Common;
using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>Sessions and their events. The <c>sessions</c> row is a projection kept in the events' transaction.</summary>
public sealed partial class SqlSessionStore(SqlDatabase database, TimeProvider time) : ISessionStore
{
    private const string SelectSession = "SELECT " + SessionRow.Columns + " FROM sessions";

    private const string WakeJob = """
        UPDATE jobs
           SET rerun = CASE WHEN state = 'leased' THEN 1 ELSE 0 END,
               attempts = CASE WHEN state = 'leased' THEN attempts ELSE 0 END,
               available_at = CASE WHEN state = 'leased' THEN available_at ELSE @now END,
               state = CASE WHEN state = 'leased' THEN 'leased' ELSE 'ready' END,
               last_error = NULL
         WHERE id = @id
        """;

    private static readonly string PullRequestOpenList = string.Join(", ", SessionStatus.PullRequestOpen.Select(s => $"'{s}'"));

    private static readonly string TerminalList = string.Join(", ", SessionStatus.Terminal.Select(s => $"'{s}'"));

    public async Task<Session?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        // Only the filters given, written out: "(@status IS NULL OR status = @status)" keeps SQLite from the
        // (status, id) index, and a list of one status then scanned every session.
        var filters = new[] { query.Status is null ? null : "status = @status", query.Automation is null ? null : "automation = @automation" }.OfType<string>().ToList();
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            SelectSession + (filters.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", filters)) + " ORDER BY id DESC LIMIT @limit",
            new { status = query.Status, automation = query.Automation, limit = Math.Clamp(query.Limit, 1, 1000) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }

    public async Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Seq, long At, string Type, string Data)>(new CommandDefinition(
            "SELECT seq, at, type, data FROM session_events WHERE session_id = @id AND seq > @afterSeq ORDER BY seq",
            new { id, afterSeq },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SessionEvent(id, r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Type, JsonDocument.Parse(r.Data).RootElement.Clone()))];
    }

    public Task<IReadOnlyList<SessionEvent>> GetEventsButOutputAsync(string id, long afterSeq, CancellationToken cancellationToken) =>
        ReadEventsAsync(id, "seq > @seq" + NotOutput(types: []), "seq", afterSeq, int.MaxValue, null, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(string id, long afterSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        ReadEventsAsync(id, "seq > @seq", "seq", afterSeq, limit, types, cancellationToken);

    public async Task<IReadOnlyList<SessionEvent>> GetEventsBeforeAsync(string id, long beforeSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        [.. (await ReadEventsAsync(id, "seq < @seq", "seq DESC", beforeSeq, limit, types, cancellationToken)).Reverse()];

    /// <summary>Up to <paramref name="limit"/> events of one range of the session, in <paramref name="order"/>: one seek on the primary key.</summary>
    private async Task<IReadOnlyList<SessionEvent>> ReadEventsAsync(string id, string range, string order, long seq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        // One parameter per type, written out: SQLite and PostgreSQL share no list syntax.
        var parameters = new DynamicParameters(new { id, seq, limit = Math.Max(limit, 0) });
        var typeFilter = string.Empty;
        if (types is not null)
        {
            var names = types.Select((t, i) => (Name: $"@t{i}", Type: t)).ToList();
            names.ForEach(n => parameters.Add(n.Name, n.Type));
            typeFilter = names.Count == 0 ? " AND 1 = 0" : $" AND type IN ({string.Join(", ", names.Select(n => n.Name))}){NotOutput(types)}";
        }

        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Seq, long At, string Type, string Data)>(new CommandDefinition(
            $"SELECT seq, at, type, data FROM session_events WHERE session_id = @id AND {range}{typeFilter} ORDER BY {order} LIMIT @limit",
            parameters,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SessionEvent(id, r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Type, JsonDocument.Parse(r.Data).RootElement.Clone()))];
    }

    public async Task<IReadOnlyList<SessionEvent>> GetLatestEventsAsync(IReadOnlyList<string> sessionIds, string type, int perSession, CancellationToken cancellationToken)
    {
        if (sessionIds.Count == 0 || perSession <= 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { type, perSession });
        var names = sessionIds.Distinct(StringComparer.Ordinal).Select((id, i) => { parameters.Add($"@s{i}", id); return $"@s{i}"; }).ToList();
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string SessionId, long Seq, long At, string Type, string Data)>(new CommandDefinition(
            "SELECT session_id, seq, at, type, data FROM (" +
            "SELECT session_id, seq, at, type, data, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY seq DESC) AS n FROM session_events" +
            $" WHERE session_id IN ({string.Join(", ", names)}) AND type = @type{NotOutput([type])}) latest" +
            " WHERE n <= @perSession ORDER BY session_id, seq",
            parameters,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SessionEvent(r.SessionId, r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Type, JsonDocument.Parse(r.Data).RootElement.Clone()))];
    }

    public async Task<long> CountCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sessions WHERE created_at >= @since", new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public Task<Session> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteOnceAsync((connection, transaction) => AppendAsync(connection, transaction, sessionId, events, now, cancellationToken), cancellationToken);
    }

    public Task<Session> PostAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var last = await AppendAsync(connection, transaction, sessionId, events, now, cancellationToken);
                await SqlCommands.ExecuteAsync(connection, transaction, WakeJob, cancellationToken, c => c.Text("@id", sessionId).Int64("@now", now));
                await database.JobsRunnableAsync(connection, transaction, 1, cancellationToken);
                return last;
            },
            cancellationToken);
    }

    public Task<LockedAppend> AppendLockedAsync(string sessionId, string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteOnceAsync(
            (connection, transaction) => SqlSessionAppend.AppendLockedAsync(connection, transaction, sessionId, lockKey, expiresAt.ToUnixTimeMilliseconds(), events, now, cancellationToken),
            cancellationToken);
    }

    public Task CreateAsync(SessionSeed seed, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await SqlCommands.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO sessions (id, automation, status, repository, repository_url, base, branch, agent, source, kind, delivery_id, created_at, updated_at, last_seq) " +
                    "VALUES (@id, @automation, 'queued', @repository, @url, @base, @branch, @agent, @source, @kind, @delivery, @now, @now, 0)",
                    cancellationToken,
                    c => c.Text("@id", seed.Id).Text("@automation", seed.Automation).Text("@repository", seed.Repository).Text("@url", seed.RepositoryUrl)
                        .Text("@base", seed.Base).Text("@branch", seed.Branch).Text("@agent", seed.Agent).Text("@source", seed.Trigger.Source)
                        .Text("@kind", seed.Trigger.Kind).Text("@delivery", seed.Trigger.DeliveryId).Int64("@now", now));
                await AppendAsync(connection, transaction, seed.Id, events, now, cancellationToken);
                await SqlCommands.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at) VALUES (@id, @automation, @source, @delivery, 'ready', 0, @now, @now)",
                    cancellationToken,
                    c => c.Text("@id", seed.Id).Text("@automation", seed.Automation).Text("@source", seed.Trigger.Source).Text("@delivery", seed.Trigger.DeliveryId).Int64("@now", now));
                await database.JobsRunnableAsync(connection, transaction, 1, cancellationToken);
                return 0;
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM session_events WHERE session_id = @id", cancellationToken, c => c.Text("@id", id));
                await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM jobs WHERE id = @id", cancellationToken, c => c.Text("@id", id));
                await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM locks WHERE session_id = @id", cancellationToken, c => c.Text("@id", id));
                return await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE id = @id", cancellationToken, c => c.Text("@id", id)) == 1;
            },
            cancellationToken);

    public Task HeartbeatAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(connection, transaction, "UPDATE sessions SET heartbeat_at = @now WHERE id = @id", cancellationToken, c => c.Text("@id", sessionId).Int64("@now", now)),
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> MarkStuckAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return database.WriteAsync<IReadOnlyList<string>>(
            async (connection, transaction) =>
            {
                // Locked: when two instances look at once, the second sees the first's change and skips the session.
                var stale = (await connection.QueryAsync<(string Id, long Beat)>(new CommandDefinition(
                    $"SELECT id, heartbeat_at FROM sessions WHERE status = 'working' AND heartbeat_at < @before ORDER BY id{database.LockRows}",
                    new { before = staleBefore.ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken))).ToList();
                foreach (var (id, beat) in stale)
                {
                    var seconds = (long)(now - DateTimeOffset.FromUnixTimeMilliseconds(beat)).TotalSeconds;
                    var reason = $"no heartbeat for {seconds}s: its worker is gone; the job goes back to the queue and the agent's session is resumed";
                    await AppendAsync(connection, transaction, id, [new SessionEventDraft(SessionEventTypes.Status, JsonSerializer.SerializeToElement(new { status = SessionStatus.Stuck, reason }), new SessionChange { Status = SessionStatus.Stuck, Error = reason })], now.ToUnixTimeMilliseconds(), cancellationToken);
                }

                return [.. stale.Select(s => s.Id)];
            },
            cancellationToken);
    }

    public async Task<string?> ConcurrencyHolderAsync(string automation, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT MIN(id) FROM sessions WHERE automation = @automation AND concurrency_key = @key AND status NOT IN ({TerminalList})",
            new { automation, key },
            cancellationToken: cancellationToken));
    }

    public async Task<decimal> SpentSinceAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var spent = await connection.ExecuteScalarAsync<double>(new CommandDefinition(
            "SELECT COALESCE(SUM(cost_usd), 0) FROM sessions WHERE automation = @automation AND created_at >= @since",
            new { automation, since = since.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return Math.Round((decimal)spent, 6);
    }

    public async Task<IReadOnlyList<string>> ListEndedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT id FROM sessions WHERE status IN ({TerminalList}) AND updated_at < @before ORDER BY updated_at LIMIT @limit",
            new { before = before.ToUnixTimeMilliseconds(), limit },
            cancellationToken: cancellationToken));
        return [.. ids];
    }

    private static Task<Session> AppendAsync(DbConnection connection, DbTransaction? transaction, string sessionId, IReadOnlyList<SessionEventDraft> events, long now, CancellationToken cancellationToken) =>
        SqlSessionAppend.AppendAsync(connection, transaction, sessionId, events, now, cancellationToken);

    /// <summary>Said aloud so that the index of events by type, which leaves the agent's output out, serves the read.</summary>
    private static string NotOutput(IReadOnlyList<string> types) => types.Contains(SessionEventTypes.Token) ? string.Empty : $" AND type <> '{SessionEventTypes.Token}'";
}
