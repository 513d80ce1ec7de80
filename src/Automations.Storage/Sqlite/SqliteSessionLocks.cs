using Automations.Core.Ports;
using Automations.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace Automations.Storage.Sqlite;

/// <summary>
/// Session locks in the <c>locks</c> table. Taking a lock is one upsert that succeeds only when the row
/// is new, already ours, run out, or held by a session that has ended: nothing ever has to remember to
/// free a lock after a crash.
/// </summary>
public sealed class SqliteSessionLocks(SqliteDatabase database, TimeProvider time) : ISessionLocks
{
    private static readonly string Terminal = string.Join(", ", SessionStatus.Terminal.Select(s => $"'{s}'"));

    private static readonly string AcquireSql = $"""
        INSERT INTO locks (key, session_id, expires_at) VALUES ($key, $session, $expires)
        ON CONFLICT (key) DO UPDATE SET session_id = excluded.session_id, expires_at = excluded.expires_at
         WHERE locks.session_id = excluded.session_id
            OR locks.expires_at <= $now
            OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = locks.session_id AND s.status NOT IN ({Terminal}));
        """;

    public Task<string?> TryAcquireAsync(string key, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            (connection, transaction) => Acquire(connection, transaction, key, sessionId, expiresAt.ToUnixTimeMilliseconds(), now)
                ? null
                : Holder(connection, transaction, key),
            cancellationToken);
    }

    public Task<string?> TryAcquireAnyAsync(IReadOnlyList<string> keys, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            (connection, transaction) =>
            {
                // A slot the session already holds comes first, so a retried run does not take a second one.
                foreach (var key in keys.OrderBy(k => Holder(connection, transaction, k) == sessionId ? 0 : 1))
                {
                    if (Acquire(connection, transaction, key, sessionId, expiresAt.ToUnixTimeMilliseconds(), now))
                    {
                        return key;
                    }
                }

                return null;
            },
            cancellationToken);
    }

    public Task ExtendAsync(string sessionId, DateTimeOffset before, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE locks SET expires_at = $expires WHERE session_id = $session AND expires_at < $before;";
                command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$session", sessionId);
                command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task ReleaseAsync(string sessionId, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM locks WHERE key = $key AND session_id = $session;";
                var key = command.Parameters.Add("$key", SqliteType.Text);
                command.Parameters.AddWithValue("$session", sessionId);
                foreach (var k in keys)
                {
                    key.Value = k;
                    command.ExecuteNonQuery();
                }

                return 0;
            },
            cancellationToken);

    private static bool Acquire(SqliteConnection connection, SqliteTransaction transaction, string key, string sessionId, long expires, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AcquireSql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$expires", expires);
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteNonQuery() == 1;
    }

    private static string? Holder(SqliteConnection connection, SqliteTransaction transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT session_id FROM locks WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}
