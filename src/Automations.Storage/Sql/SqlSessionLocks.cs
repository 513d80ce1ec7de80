using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Sql;

/// <summary>
/// Session locks in the <c>locks</c> table. Taking a lock is one upsert that succeeds only when the row
/// is new, already ours, run out, or held by a session that has ended: nothing ever has to remember to
/// free a lock after a crash. On a shared store the upsert locks the row, so two instances taking the
/// same key at once are served one after the other, the second seeing the first's holder.
/// </summary>
public sealed class SqlSessionLocks(SqlDatabase database, TimeProvider time) : ISessionLocks
{
    private static readonly string Terminal = string.Join(", ", SessionStatus.Terminal.Select(s => $"'{s}'"));

    /// <summary>Takes a lock: one row changed when the session has it now.</summary>
    internal static readonly string AcquireSql = $"""
        INSERT INTO locks (key, session_id, expires_at) VALUES (@key, @session, @expires)
        ON CONFLICT (key) DO UPDATE SET session_id = excluded.session_id, expires_at = excluded.expires_at
         WHERE locks.session_id = excluded.session_id
            OR locks.expires_at <= @now
            OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = locks.session_id AND s.status NOT IN ({Terminal}))
        """;

    public Task<string?> TryAcquireAsync(string key, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) => await AcquireAsync(connection, transaction, key, sessionId, expiresAt.ToUnixTimeMilliseconds(), now, cancellationToken)
                ? null
                : await HolderAsync(connection, transaction, key, cancellationToken),
            cancellationToken);
    }

    public Task<string?> TryAcquireAnyAsync(IReadOnlyList<string> keys, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // A slot the session already holds comes first, so a retried run does not take a second one.
                var ordered = new List<(string Key, int Rank)>();
                foreach (var key in keys)
                {
                    ordered.Add((key, await HolderAsync(connection, transaction, key, cancellationToken) == sessionId ? 0 : 1));
                }

                foreach (var (key, _) in ordered.OrderBy(k => k.Rank))
                {
                    if (await AcquireAsync(connection, transaction, key, sessionId, expiresAt.ToUnixTimeMilliseconds(), now, cancellationToken))
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
            (connection, transaction) => SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "UPDATE locks SET expires_at = @expires WHERE session_id = @session AND expires_at < @before",
                cancellationToken,
                c => c.Int64("@expires", expiresAt.ToUnixTimeMilliseconds()).Text("@session", sessionId).Int64("@before", before.ToUnixTimeMilliseconds())),
            cancellationToken);

    public Task ReleaseAsync(string sessionId, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var key in keys)
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM locks WHERE key = @key AND session_id = @session", cancellationToken, c => c.Text("@key", key).Text("@session", sessionId));
                }

                return 0;
            },
            cancellationToken);

    private static async Task<bool> AcquireAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string key, string sessionId, long expires, long now, CancellationToken cancellationToken) =>
        await SqlCommands.ExecuteAsync(connection, transaction, AcquireSql, cancellationToken, c => c.Text("@key", key).Text("@session", sessionId).Int64("@expires", expires).Int64("@now", now)) == 1;

    private static async Task<string?> HolderAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Create(connection, transaction, "SELECT session_id FROM locks WHERE key = @key").Text("@key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
