using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sources.Linear;
using Automations.Host.Sessions;
using Automations.Integrations.Linear;

namespace Automations.Host.Linear;

/// <summary>
/// What a person writes to a Linear agent session reaches its engine session through the same commands as the
/// API and the console (<see cref="SessionCommands"/>): the <c>stop</c> signal stops it, and text is the answer
/// to its open question or else a follow-up. An answer is a compare-and-set, so when another surface answered
/// first, Linear is told where it was answered and the agent gets one answer. A redelivered prompt is taken once
/// (its activity id is the message's reference), and what Linear is told of it is said once (its id is made from
/// the prompt's).
/// </summary>
public sealed partial class LinearPromptRouter(
    IAgentSessionLinks links, LinearAcknowledgements acknowledgements, SessionCommands commands, LinearAgent agent, ILogger<LinearPromptRouter> logger) : IEventObserver
{
    public async Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (triggerEvent.Kind != LinearAgentSessionEvent.Prompted || LinearAgentSessionEvent.SessionId(triggerEvent.Payload) is not { } agentSession)
        {
            return;
        }

        try
        {
            await RouteAsync(agentSession, triggerEvent.Payload, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException or HttpRequestException)
        {
            Log.NotRouted(logger, agentSession, ex.Message);
        }
    }

    private async Task RouteAsync(string agentSession, System.Text.Json.JsonElement payload, CancellationToken cancellationToken)
    {
        var prompt = LinearAgentSessionEvent.Prompt(payload);
        // A prompt may come before the acknowledgement linked the new session (a stop at once): it is linked now.
        if ((await links.FindSessionAsync(LinearAgent.Provider, agentSession, cancellationToken) ?? await acknowledgements.LinkNowAsync(agentSession, cancellationToken)) is not { } sessionId)
        {
            Log.Unlinked(logger, agentSession);
            return;
        }

        if (prompt.IsStop)
        {
            // A stop of a session that already ended gets its final word here: the mirror says it only when it moves.
            var stopped = await commands.StopAsync(sessionId, cancellationToken);
            if (stopped.StatusCode == StatusCodes.Status409Conflict)
            {
                await SayAsync(agentSession, prompt.ActivityId, LinearActivity.Response, $"Nothing to stop: {stopped.Problem}", cancellationToken);
            }

            return;
        }

        if (prompt.Body is not { Length: > 0 } text)
        {
            return;
        }

        // A prompt while Linear shows the agent awaiting input replies to its elicitation: its question.
        var reply = string.Equals(LinearAgentSessionEvent.Status(payload), "awaitingInput", StringComparison.Ordinal);
        var posted = await commands.PostMessageAsync(sessionId, text, "linear", question: null, cancellationToken, prompt.ActivityId, reply);
        if (posted.StatusCode == StatusCodes.Status409Conflict)
        {
            // Another surface answered first (it says which), or the session is final.
            await SayAsync(agentSession, prompt.ActivityId, LinearActivity.Thought, posted.Problem!, cancellationToken);
        }
        else if (!posted.Succeeded)
        {
            await SayAsync(agentSession, prompt.ActivityId, LinearActivity.Error, $"Not passed to the agent: {posted.Problem}", cancellationToken);
        }
    }

    /// <summary>Tells the agent session what came of the prompt <paramref name="promptId"/> (its activity), once however often it comes.</summary>
    private async Task SayAsync(string agentSession, string? promptId, string type, string body, CancellationToken cancellationToken)
    {
        var reply = LinearActivity.Of(type, body) with { Id = promptId is null ? null : LinearActivity.IdFrom($"linear-reply/{agentSession}/{promptId}") };
        var said = await agent.Client.CreateActivityAsync(agentSession, reply, cancellationToken);
        if (!said.Succeeded)
        {
            Log.NotSaid(logger, agentSession, said.Error.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1705, Level = LogLevel.Information, Message = "A prompt to Linear agent session {AgentSession} names no engine session: it goes only to the automations it matches")]
        public static partial void Unlinked(ILogger logger, string agentSession);

        [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "A prompt to Linear agent session {AgentSession} did not reach its session: {Reason}")]
        public static partial void NotRouted(ILogger logger, string agentSession, string reason);

        [LoggerMessage(EventId = 1707, Level = LogLevel.Warning, Message = "Linear agent session {AgentSession} was not told what came of its prompt: {Reason}")]
        public static partial void NotSaid(ILogger logger, string agentSession, string reason);
    }
}
