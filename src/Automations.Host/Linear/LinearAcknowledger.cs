using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sources.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// The webhook path's part in a new Linear agent session: Linear shows an agent as unresponsive unless its first
/// activity comes within 10 seconds, so a <c>created</c> event that an automation takes is handed to
/// <see cref="LinearAcknowledgements"/> here, before the delivery is stored, and the answer does not wait
/// for it, nor the acknowledgement for a worker. A redelivery hands it over again; the claim in the store keeps
/// the thought to one. The delivery is noted beside the agent session in the store first, so that a prompt
/// that reaches another instance before the link is made still finds its session.
/// </summary>
public sealed partial class LinearAcknowledger(
    IDefinitionCatalog definitions, IAgentSessionLinks links, LinearAcknowledgements acknowledgements, ILogger<LinearAcknowledger> logger) : IEventObserver
{
    public async Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (triggerEvent.Kind != LinearAgentSessionEvent.Created || LinearAgentSessionEvent.SessionId(triggerEvent.Payload) is not { } agentSession)
        {
            return;
        }

        if (definitions.Current.Match(triggerEvent).Count == 0)
        {
            Log.NoAutomation(logger, agentSession, triggerEvent.DeliveryId);
            return;
        }

        try
        {
            await links.NoteDeliveryAsync(LinearAgent.Provider, agentSession, triggerEvent.DeliveryId, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // The delivery itself is stored next, or refused with the store's error (then Linear sends it again).
            Log.NotNoted(logger, agentSession, ex.Message);
        }

        acknowledgements.Enqueue(new LinearAcknowledgement(agentSession, triggerEvent.DeliveryId));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Linear agent session {AgentSession} (delivery {DeliveryId}) matches no automation: it is not acknowledged")]
        public static partial void NoAutomation(ILogger logger, string agentSession, string deliveryId);

        [LoggerMessage(EventId = 1708, Level = LogLevel.Warning, Message = "Linear agent session {AgentSession}'s delivery was not noted in the store ({Reason}): a prompt to another instance before the link finds no session")]
        public static partial void NotNoted(ILogger logger, string agentSession, string reason);
    }
}

/// <summary>A new agent session to acknowledge, and the delivery that brought it.</summary>
public sealed record LinearAcknowledgement(string AgentSessionId, string DeliveryId);
