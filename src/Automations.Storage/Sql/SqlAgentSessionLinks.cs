using Automations.Core.Ports;
using Dapper;

namespace Automations.Storage.Sql;

/// <summary>The rows of <c>agent_session_links</c>: a provider's agent session and the engine's session behind it.</summary>
public sealed class SqlAgentSessionLinks(SqlDatabase database, TimeProvider time) : IAgentSessionLinks
{
    public async Task<bool> ClaimAcknowledgementAsync(string provider, string externalId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // One statement decides: the insert, or the update of a row not yet acknowledged, touches one row; a
        // claimed row is left alone and touches none. Both dialects take ON CONFLICT ... DO UPDATE ... WHERE.
        return await database.WriteOnceAsync(
            async (connection, transaction) => await SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO agent_session_links (provider, external_id, acknowledged_at, created_at) VALUES (@provider, @external, @now, @now) " +
                "ON CONFLICT (provider, external_id) DO UPDATE SET acknowledged_at = @now WHERE agent_session_links.acknowledged_at IS NULL",
                cancellationToken,
                c => c.Text("@provider", provider).Text("@external", externalId).Int64("@now", now)) == 1,
            cancellationToken);
    }

    public Task ReleaseAsync(string provider, string externalId, CancellationToken cancellationToken) =>
        database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "UPDATE agent_session_links SET acknowledged_at = NULL WHERE provider = @provider AND external_id = @external",
                cancellationToken,
                c => c.Text("@provider", provider).Text("@external", externalId)),
            cancellationToken);

    public Task LinkAsync(string provider, string externalId, string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO agent_session_links (provider, external_id, session_id, created_at) VALUES (@provider, @external, @session, @now) " +
                "ON CONFLICT (provider, external_id) DO UPDATE SET session_id = @session",
                cancellationToken,
                c => c.Text("@provider", provider).Text("@external", externalId).Text("@session", sessionId).Int64("@now", now)),
            cancellationToken);
    }

    public Task NoteDeliveryAsync(string provider, string externalId, string deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteOnceAsync(
            (connection, transaction) => SqlCommands.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO agent_session_links (provider, external_id, delivery_id, created_at) VALUES (@provider, @external, @delivery, @now) " +
                "ON CONFLICT (provider, external_id) DO UPDATE SET delivery_id = @delivery WHERE agent_session_links.delivery_id IS NULL",
                cancellationToken,
                c => c.Text("@provider", provider).Text("@external", externalId).Text("@delivery", deliveryId).Int64("@now", now)),
            cancellationToken);
    }

    public async Task<string?> FindDeliveryAsync(string provider, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT delivery_id FROM agent_session_links WHERE provider = @provider AND external_id = @externalId",
            new { provider, externalId },
            cancellationToken: cancellationToken));
    }

    public async Task<string?> FindSessionAsync(string provider, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT session_id FROM agent_session_links WHERE provider = @provider AND external_id = @externalId",
            new { provider, externalId },
            cancellationToken: cancellationToken));
    }

    public async Task<string?> FindExternalAsync(string provider, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MIN(external_id) FROM agent_session_links WHERE provider = @provider AND session_id = @sessionId",
            new { provider, sessionId },
            cancellationToken: cancellationToken));
    }
}
