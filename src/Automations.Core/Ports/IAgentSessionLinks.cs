namespace Automations.Core.Ports;

/// <summary>
/// Which engine session does the work of a provider's agent session (Linear's <c>AgentSession</c>), one row
/// per <c>(provider, external id)</c>, and whether the provider was told the work started.
/// </summary>
public interface IAgentSessionLinks
{
    /// <summary>
    /// Claims the acknowledgement of the agent session: true for the one caller that claims it first (the row
    /// is made if it is not there), false when it was claimed before. <see cref="ReleaseAsync"/> gives it back.
    /// </summary>
    Task<bool> ClaimAcknowledgementAsync(string provider, string externalId, CancellationToken cancellationToken);

    /// <summary>Gives back a claim whose acknowledgement could not be sent, so that a retry may claim it.</summary>
    Task ReleaseAsync(string provider, string externalId, CancellationToken cancellationToken);

    /// <summary>Links the agent session to the engine's session (the row is made if it is not there).</summary>
    Task LinkAsync(string provider, string externalId, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Notes the delivery whose event made the agent session, before that delivery is stored (the row is made if
    /// it is not there; a delivery noted first stays). Any instance can then link the two (<see cref="FindDeliveryAsync"/>).
    /// </summary>
    Task NoteDeliveryAsync(string provider, string externalId, string deliveryId, CancellationToken cancellationToken);

    /// <summary>The delivery noted for the agent session (<see cref="NoteDeliveryAsync"/>), or null.</summary>
    Task<string?> FindDeliveryAsync(string provider, string externalId, CancellationToken cancellationToken);

    /// <summary>The engine session linked to the agent session, or null.</summary>
    Task<string?> FindSessionAsync(string provider, string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// The agent sessions made since <paramref name="since"/> that are linked to an engine session, newest first,
    /// at most <paramref name="limit"/>: where a restarted engine looks for last words not yet said. Rows made
    /// before the store noted last words (schema 023) are left out: their last words were said without a note.
    /// </summary>
    Task<IReadOnlyList<(string ExternalId, string SessionId)>> LinkedSinceAsync(string provider, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>The provider's agent session linked to the engine's session, or null.</summary>
    Task<string?> FindExternalAsync(string provider, string sessionId, CancellationToken cancellationToken);
}
