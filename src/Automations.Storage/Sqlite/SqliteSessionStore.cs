using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Dapper;

namespace Automations.Storage.Sqlite;

/// <summary>Sessions and their events. The <c>sessions</c> row is a projection kept in the events' transaction.</summary>
public sealed class SqliteSessionStore(SqliteDatabase database, TimeProvider time) : ISessionStore
{
    private const string SelectSession =
        "SELECT id AS Id, automation AS Automation, status AS Status, activity AS Activity, repository AS Repository, " +
        "branch AS Branch, pr_number AS PrNumber, pr_url AS PrUrl, source AS Source, kind AS Kind, delivery_id AS DeliveryId, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt, error AS Error FROM sessions";

    public async Task<Session?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            SelectSession + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            SelectSession +
            " WHERE (@status IS NULL OR status = @status) AND (@automation IS NULL OR automation = @automation)" +
            " ORDER BY id DESC LIMIT @limit",
            new { status = query.Status, automation = query.Automation, limit = Math.Clamp(query.Limit, 1, 1000) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }

    public async Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        var rows = await connection.QueryAsync<(long Seq, long At, string Type, string Data)>(new CommandDefinition(
            "SELECT seq, at, type, data FROM session_events WHERE session_id = @id AND seq > @afterSeq ORDER BY seq",
            new { id, afterSeq },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SessionEvent(id, r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Type, JsonDocument.Parse(r.Data).RootElement.Clone()))];
    }

    public Task<long> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            (connection, transaction) =>
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = """
                    UPDATE sessions
                       SET last_seq = last_seq + 1, updated_at = $now,
                           status = COALESCE($status, status), error = COALESCE($error, error),
                           branch = COALESCE($branch, branch), repository = COALESCE($repository, repository)
                     WHERE id = $id
                    RETURNING last_seq;
                    """;
                var status = update.Parameters.Add("$status", Microsoft.Data.Sqlite.SqliteType.Text);
                var error = update.Parameters.Add("$error", Microsoft.Data.Sqlite.SqliteType.Text);
                var branch = update.Parameters.Add("$branch", Microsoft.Data.Sqlite.SqliteType.Text);
                var repository = update.Parameters.Add("$repository", Microsoft.Data.Sqlite.SqliteType.Text);
                update.Parameters.AddWithValue("$now", now);
                update.Parameters.AddWithValue("$id", sessionId);

                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO session_events (session_id, seq, at, type, data) VALUES ($id, $seq, $now, $type, $data);";
                insert.Parameters.AddWithValue("$id", sessionId);
                insert.Parameters.AddWithValue("$now", now);
                var seq = insert.Parameters.Add("$seq", Microsoft.Data.Sqlite.SqliteType.Integer);
                var type = insert.Parameters.Add("$type", Microsoft.Data.Sqlite.SqliteType.Text);
                var data = insert.Parameters.Add("$data", Microsoft.Data.Sqlite.SqliteType.Text);

                long last = 0;
                foreach (var draft in events)
                {
                    status.Value = (object?)draft.Change?.Status ?? DBNull.Value;
                    error.Value = (object?)draft.Change?.Error ?? DBNull.Value;
                    branch.Value = (object?)draft.Change?.Branch ?? DBNull.Value;
                    repository.Value = (object?)draft.Change?.Repository ?? DBNull.Value;
                    var result = update.ExecuteScalar() ?? throw new KeyNotFoundException($"No session {sessionId}.");
                    last = (long)result;
                    seq.Value = last;
                    type.Value = draft.Type;
                    data.Value = draft.Data.GetRawText();
                    insert.ExecuteNonQuery();
                }

                return last;
            },
            cancellationToken);
    }
}
