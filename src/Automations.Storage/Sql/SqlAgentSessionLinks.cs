using Automations.Core.Ports;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>The rows of <c>agent_session_links</c>: a provider's agent session and the engine's session behind it.</summary>
public sealed class SqlAgentSessionLinks(SqlDatabase database, TimeProvider time) : IAgentSessionLinks
{
    public async Task<bool> ClaimAcknowledgementAsync(string provider, string externalId, CancellationToken cancellationToken) =>
        // One statement decides: the insert, or the update of a row not yet acknowledged, touches one row; a
        // claimed row is left alone and touches none. Both dialects take ON CONFLICT ... DO UPDATE ... WHERE.
        await WriteAsync(
            "INSERT INTO agent_session_links (provider, external_id, acknowledged_at, created_at, last_words) VALUES (@provider, @external, @now, @now, 1) " +
            "ON CONFLICT (provider, external_id) DO UPDATE SET acknowledged_at = @now WHERE agent_session_links.acknowledged_at IS NULL",
            provider,
            externalId,
            c => c.Int64("@now", Now),
            cancellationToken) == 1;

    public Task ReleaseAsync(string provider, string externalId, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE agent_session_links SET acknowledged_at = NULL WHERE provider = @provider AND external_id = @external", provider, externalId, c => { }, cancellationToken);

    public Task LinkAsync(string provider, string externalId, string sessionId, CancellationToken cancellationToken) =>
        WriteAsync(
            "INSERT INTO agent_session_links (provider, external_id, session_id, created_at, last_words) VALUES (@provider, @external, @session, @now, 1) " +
            "ON CONFLICT (provider, external_id) DO UPDATE SET session_id = @session",
            provider,
            externalId,
            c => c.Text("@session", sessionId).Int64("@now", Now),
            cancellationToken);

    public Task NoteDeliveryAsync(string provider, string externalId, string deliveryId, CancellationToken cancellationToken) =>
        WriteAsync(
            "INSERT INTO agent_session_links (provider, external_id, delivery_id, created_at, last_words) VALUES (@provider, @external, @delivery, @now, 1) " +
            "ON CONFLICT (provider, external_id) DO UPDATE SET delivery_id = @delivery WHERE agent_session_links.delivery_id IS NULL",
            provider,
            externalId,
            c => c.Text("@delivery", deliveryId).Int64("@now", Now),
            cancellationToken);

    public Task<string?> FindDeliveryAsync(string provider, string externalId, CancellationToken cancellationToken) =>
        ReadAsync("SELECT delivery_id FROM agent_session_links WHERE provider = @provider AND external_id = @externalId", new { provider, externalId }, cancellationToken);

    public Task<string?> FindSessionAsync(string provider, string externalId, CancellationToken cancellationToken) =>
        ReadAsync("SELECT session_id FROM agent_session_links WHERE provider = @provider AND external_id = @externalId", new { provider, externalId }, cancellationToken);

    public Task<string?> FindExternalAsync(string provider, string sessionId, CancellationToken cancellationToken) =>
        ReadAsync("SELECT MIN(external_id) FROM agent_session_links WHERE provider = @provider AND session_id = @sessionId", new { provider, sessionId }, cancellationToken);

    public async Task<IReadOnlyList<(string ExternalId, string SessionId)>> LinkedSinceAsync(string provider, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT external_id, session_id FROM agent_session_links WHERE provider = @provider AND session_id IS NOT NULL AND created_at >= @since AND last_words = 1 " +
            "ORDER BY created_at DESC, external_id LIMIT @limit",
            new { provider, since = since.ToUnixTimeMilliseconds(), limit },
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    private async Task<string?> ReadAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>One statement on the agent session's row, with <c>@provider</c> and <c>@external</c> set; the rows it changed.</summary>
    private Task<int> WriteAsync(string sql, string provider, string externalId, Action<System.Data.Common.DbCommand> parameters, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, c => parameters(c.Text("@provider", provider).Text("@external", externalId))),
            cancellationToken);
}
