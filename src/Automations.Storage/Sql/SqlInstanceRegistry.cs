using Automations.Core.Ports;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>
/// The <c>instances</c> table: each engine process upserts its own row on every heartbeat, so a row that a
/// prune removed while its instance was only slow comes back with the next beat.
/// </summary>
public sealed class SqlInstanceRegistry(SqlDatabase database, TimeProvider time) : IInstanceRegistry
{
    private const string Upsert = """
        INSERT INTO instances (id, host, pid, roles, concurrency, started_at, heartbeat_at)
        VALUES (@id, @host, @pid, @roles, @concurrency, @started, @now)
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, roles = excluded.roles, concurrency = excluded.concurrency
        """;

    public Task BeatAsync(EngineInstance instance, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(connection, transaction, Upsert, cancellationToken, c => c
                .Text("@id", instance.Id).Text("@host", instance.HostName).Int64("@pid", instance.ProcessId)
                .Text("@roles", string.Join(',', instance.Roles)).Int64("@concurrency", instance.Concurrency)
                .Int64("@started", instance.StartedAt.ToUnixTimeMilliseconds()).Int64("@now", time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken);

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Host, long Pid, string Roles, long Concurrency, long StartedAt, long HeartbeatAt)>(new CommandDefinition(
            "SELECT id, host, pid, roles, concurrency, started_at, heartbeat_at FROM instances ORDER BY started_at, id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new EngineInstance
        {
            Id = r.Id,
            HostName = r.Host,
            ProcessId = (int)r.Pid,
            Roles = r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
            Concurrency = (int)r.Concurrency,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
            HeartbeatAt = DateTimeOffset.FromUnixTimeMilliseconds(r.HeartbeatAt),
        })];
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM instances WHERE id = @id", cancellationToken, c => c.Text("@id", id)),
            cancellationToken) == 1;

    public Task<int> PruneAsync(DateTimeOffset silentSince, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM instances WHERE heartbeat_at < @before", cancellationToken, c => c.Int64("@before", silentSince.ToUnixTimeMilliseconds())),
            cancellationToken);
}
