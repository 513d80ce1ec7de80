using System.Data;
using System.Data.Common;
using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Sql;

/// <summary>
/// A delivery's new sessions, in its transaction: each session with its first status event and its job.
/// A session whose concurrency key a live session already holds, and whose automation skips on conflict,
/// is decided here: it is recorded as skipped, with its reason, and gets no job. On one writer (SQLite)
/// this is exact; where two instances record at once, the run decides (the earliest session holds the key).
/// </summary>
internal sealed class SqlNewSessions(DbConnection connection, DbTransaction transaction)
{
    private const DbType Text = DbType.String;
    private const DbType Number = DbType.Int64;
    private static readonly string Terminal = string.Join(", ", SessionStatus.Terminal.Select(s => $"'{s}'"));

    // Keys taken earlier in this batch, which the database does not show yet.
    private readonly Dictionary<(string Automation, string Key), string> _holders = [];

    /// <summary>The statements that create <paramref name="session"/>; false when it was skipped (no job).</summary>
    public async Task<bool> AddAsync(List<SqlStatement> writes, DeliveryRecord d, NewSession session, long now)
    {
        // Only an automation that skips on conflict is decided here; one that queues waits for its turn at run time.
        var holder = session is { ConcurrencyKey: { } key, SkipWhenHeld: true } ? await HolderAsync(session, key) : null;
        var skipped = holder is not null;
        var (status, reason) = skipped
            ? (SessionStatus.Terminated, SkippedReason(session, holder!))
            : (SessionStatus.Queued, QueuedReason(d));
        writes.Add(new SqlStatement(
            "INSERT INTO sessions (id, automation, status, error, repository, source, kind, delivery_id, concurrency_key, created_at, updated_at, last_seq, " +
            "definition_repository, definition_path, definition_commit, subject) " +
            "VALUES (@id, @automation, @status, @error, @repository, @source, @kind, @delivery, @key, @now, @now, 1, @definitionRepository, @definitionPath, @definitionCommit, @subject)",
            ("@id", Text, session.Id), ("@automation", Text, session.Automation), ("@status", Text, status), ("@error", Text, skipped ? reason : null),
            ("@repository", Text, session.Repository), ("@source", Text, d.Source), ("@kind", Text, session.Kind), ("@delivery", Text, d.DeliveryId),
            ("@key", Text, session.ConcurrencyKey), ("@now", Number, now), ("@definitionRepository", Text, session.Definition?.Repository),
            ("@definitionPath", Text, session.Definition?.Path), ("@definitionCommit", Text, session.Definition?.Commit), ("@subject", Text, session.Subject)));
        writes.Add(new SqlStatement(
            "INSERT INTO session_events (session_id, seq, at, type, data) VALUES (@id, 1, @now, 'status', @data)",
            ("@id", Text, session.Id), ("@now", Number, now), ("@data", Text, StatusData(status, reason))));
        if (skipped)
        {
            return false;
        }

        writes.Add(d.HandOver is { } handOver
            ? new SqlStatement(
                "INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at, lease_owner, trace_parent) " +
                "VALUES (@id, @automation, @source, @delivery, 'leased', 0, @until, @now, @owner, @trace)",
                ("@id", Text, session.Id), ("@automation", Text, session.Automation), ("@source", Text, d.Source), ("@delivery", Text, d.DeliveryId),
                ("@until", Number, handOver.Until.ToUnixTimeMilliseconds()), ("@now", Number, now), ("@owner", Text, handOver.Owner), ("@trace", Text, session.TraceParent))
            : new SqlStatement(
                "INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at, trace_parent) " +
                "VALUES (@id, @automation, @source, @delivery, 'ready', 0, @now, @now, @trace)",
                ("@id", Text, session.Id), ("@automation", Text, session.Automation), ("@source", Text, d.Source), ("@delivery", Text, d.DeliveryId), ("@now", Number, now),
                ("@trace", Text, session.TraceParent)));
        return true;
    }

    /// <summary>The first status event's reason for a session that waits for its turn.</summary>
    internal static string QueuedReason(DeliveryRecord d) => $"{d.Source} delivery {d.DeliveryId}";

    /// <summary>The error (and first status event's reason) of a session skipped because <paramref name="holder"/> holds its key.</summary>
    internal static string SkippedReason(NewSession session, string holder) => $"skipped: concurrency key '{session.ConcurrencyKey}' is held by live session {holder}";

    /// <summary>A status event's data.</summary>
    internal static string StatusData(string status, string reason) => JsonSerializer.Serialize(new { status, reason });

    /// <summary>The live session that holds the key, if another does; else the new session holds it from now.</summary>
    private async Task<string?> HolderAsync(NewSession session, string key)
    {
        if (_holders.TryGetValue((session.Automation, key), out var earlier))
        {
            return earlier;
        }

        await using var command = SqlCommands.Create(connection, transaction, $"SELECT MIN(id) FROM sessions WHERE automation = @automation AND concurrency_key = @key AND status NOT IN ({Terminal})")
            .Text("@automation", session.Automation)
            .Text("@key", key);
        var holder = await command.ExecuteScalarAsync() as string;
        _holders[(session.Automation, key)] = holder ?? session.Id;
        return holder;
    }
}
