using Automations.Core.Ports;
using Automations.Core.Sources.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// The Linear agent session an engine session works for, if any: the one linked in the store, else the one of
/// the <c>created</c> event that started it (linked then, should its acknowledgement not have linked it), else,
/// for a session started elsewhere whose automation asks for it (<c>linear_session</c>), one it starts on the
/// Linear issue (<see cref="LinearSessionsOnIssues"/>).
/// </summary>
public sealed class LinearSessionResolver(IAgentSessionLinks links, ISessionStore sessions, IDeliveryStore deliveries, LinearSessionsOnIssues onIssues)
{
    /// <summary>The agent session's id, or null when the session is none of Linear's.</summary>
    public async Task<string?> AgentSessionOfAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (await links.FindExternalAsync(LinearAgent.Provider, sessionId, cancellationToken) is { } linked)
        {
            return linked;
        }

        if (await sessions.GetAsync(sessionId, cancellationToken) is not { } session)
        {
            return null;
        }

        if (session.Trigger is { Source: LinearAgent.Provider, Kind: LinearAgentSessionEvent.Created }
            && await deliveries.GetEventAsync(LinearAgent.Provider, session.Trigger.DeliveryId, cancellationToken) is { } created
            && LinearAgentSessionEvent.SessionId(created.Payload) is { } agentSession)
        {
            await links.LinkAsync(LinearAgent.Provider, agentSession, sessionId, cancellationToken);
            return agentSession;
        }

        return await onIssues.StartAsync(session, cancellationToken);
    }
}
