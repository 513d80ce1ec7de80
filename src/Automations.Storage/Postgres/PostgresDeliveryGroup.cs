using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Automations.Storage.Postgres;

/// <summary>
/// A group of deliveries in one round trip: one call of <c>record_deliveries</c> (schema 019), each column of
/// the group one array, committed as its own implicit transaction. The function does what
/// <see cref="SqlDeliveryStore"/> does in steps elsewhere, in the same order, and answers one row per delivery.
/// </summary>
internal static class PostgresDeliveryGroup
{
    private const string Call =
        "SELECT ord, stored, matched, sessions, skipped FROM record_deliveries(" +
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, " +
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36)";

    private static readonly string[] Terminal = [.. SessionStatus.Terminal];

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<SqlPendingDelivery> group, long now, int refusedCap, string instanceId)
    {
        await using var command = new NpgsqlCommand(Call, connection);
        AddDeliveries(command.Parameters, group);
        AddSessions(command.Parameters, group);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = now });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = Terminal, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<long> { TypedValue = refusedCap });
        p.Add(new NpgsqlParameter<string> { TypedValue = PostgresDatabase.JobsChannel });
        p.Add(new NpgsqlParameter<string> { TypedValue = PostgresJobListener.PayloadPrefix(instanceId) });

        var results = new RecordResult?[group.Count];
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                var i = reader.GetInt32(0) - 1;
                results[i] = reader.GetBoolean(1) ? group[i].Stored(reader.GetFieldValue<string[]>(4))
                    : reader.IsDBNull(2) ? new RecordResult(true, [], []) // its first copy, refused, was trimmed since
                    : SqlDeliveryStore.FirstAnswer(reader.GetString(2), reader.GetString(3));
            }

            // The implicit commit: an error in it surfaces here, before anybody has an answer.
            while (await reader.NextResultAsync(CancellationToken.None))
            {
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Result = results[i] ?? throw new InvalidOperationException($"record_deliveries gave no answer for delivery {i + 1} of {group.Count}.");
        }
    }

    private static void AddDeliveries(NpgsqlParameterCollection p, IReadOnlyList<SqlPendingDelivery> group)
    {
        Text(p, group, x => x.Delivery.Source);
        Text(p, group, x => x.Delivery.DeliveryId);
        Numbers(p, group, x => x.Delivery.ReceivedAt.ToUnixTimeMilliseconds());
        Text(p, group, x => x.Delivery.Status);
        Text(p, group, x => x.Delivery.Kind);
        Text(p, group, x => x.Delivery.Error);
        Text(p, group, x => x.Delivery.HeadersJson);
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. group.Select(x => x.StoredBody)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        Text(p, group, x => x.Delivery.EventJson);
        Text(p, group, x => x.MatchedJson);
        Text(p, group, x => x.SessionsJson);
        Text(p, group, x => x.RefusedJson);
        Text(p, group, x => x.Delivery.ReplayOf);
        Text(p, group, x => x.RefusalReason);
        Text(p, group, x => SqlNewSessions.StatusData(SessionStatus.Queued, SqlNewSessions.QueuedReason(x.Delivery)));
        Text(p, group, x => x.Delivery.HandOver?.Owner);
        Numbers(p, group, x => x.Delivery.HandOver?.Until.ToUnixTimeMilliseconds() ?? 0);
    }

    private static void AddSessions(NpgsqlParameterCollection p, IReadOnlyList<SqlPendingDelivery> group)
    {
        var sessions = group.SelectMany((x, i) => x.Sessions.Select(s => (Delivery: i + 1, Session: s))).ToList();
        p.Add(new NpgsqlParameter<int[]> { TypedValue = [.. sessions.Select(x => x.Delivery)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        Text(p, sessions, x => x.Session.Id);
        Text(p, sessions, x => x.Session.Automation);
        Text(p, sessions, x => x.Session.Kind);
        Text(p, sessions, x => x.Session.Repository);
        Text(p, sessions, x => x.Session.ConcurrencyKey);
        p.Add(new NpgsqlParameter<bool[]>
        {
            TypedValue = [.. sessions.Select(x => Skips(x.Session))],
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean,
        });
        Text(p, sessions, x => x.Session.Definition?.Repository);
        Text(p, sessions, x => x.Session.Definition?.Path);
        Text(p, sessions, x => x.Session.Definition?.Commit);
        Text(p, sessions, x => x.Session.Subject);
        Text(p, sessions, x => x.Session.TraceParent);

        // A skipped session's error, and its status event's JSON up to the holder's id, which the function appends and closes.
        Text(p, sessions, x => Skips(x.Session) ? SqlNewSessions.SkippedReason(x.Session, string.Empty) : null);
        Text(p, sessions, x => Skips(x.Session) ? SqlNewSessions.StatusData(SessionStatus.Terminated, SqlNewSessions.SkippedReason(x.Session, string.Empty))[..^2] : null);
    }

    /// <summary>Whether the session is skipped while another live session holds its key (else it queues, or has no key).</summary>
    private static bool Skips(NewSession session) => session is { SkipWhenHeld: true, ConcurrencyKey: not null };

    private static void Text<T>(NpgsqlParameterCollection p, IReadOnlyList<T> rows, Func<T, string?> value) =>
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(value)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static void Numbers<T>(NpgsqlParameterCollection p, IReadOnlyList<T> rows, Func<T, long> value) =>
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(value)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
}
