using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Actors;
using Automations.Core.Events;
using Automations.Core.Sessions;
using Automations.Core.Ports;
using Automations.Host.Sessions;
using Automations.Integrations.Slack;

namespace Automations.Host.Surfaces;

/// <summary>
/// A Slack user's command on a session, from a reply in its thread or a button: checked against the automation's
/// <c>actors:</c> (by default every person of the workspace; bots never), run through <see cref="SessionCommands"/>,
/// and told in the thread: who stopped, resumed or answered it, or why it was not done (an answer that came second
/// is told where the first one came from).
/// </summary>
public sealed partial class SlackSteering(IDefinitionCatalog definitions, SessionCommands commands, SlackClient slack, ILogger<SlackSteering> logger)
{
    /// <summary>Why the user may not steer the session, or null when they may.</summary>
    public string? Refusal(Session session, TriggerEvent asActor)
    {
        ArgumentNullException.ThrowIfNull(session);
        var decision = ActorPolicy.Decide(definitions.Current.Find(session.Automation)?.Actors, asActor);
        return decision.Allowed ? null : $"not steering session {session.Id}: {decision.Reason}";
    }

    /// <summary>
    /// Runs <paramref name="command"/> for <paramref name="user"/> and tells the thread <paramref name="thread"/> (<c>channel/ts</c>) what
    /// became of it; <paramref name="writtenAt"/> is when a reply was written (its <c>ts</c>).
    /// </summary>
    public async Task<SessionCommandResult> SteerAsync(
        Session session, string user, SteeringCommand command, long? question, string thread, CancellationToken cancellationToken, DateTimeOffset? writtenAt = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(command);
        var result = await command.RunAsync(commands, session.Id, $"slack:{user}", question, cancellationToken, writtenAt);
        Log.Steered(logger, session.Id, command.Verb, user, result.StatusCode);
        var told = !result.Succeeded ? $"<@{user}> {SlackStatusBlocks.Escape(result.Problem!)}"
            : command.Verb switch
            {
                SteeringCommand.Stop => $"Stopped by <@{user}>.",
                SteeringCommand.Resume or SteeringCommand.Retry => $"Resumed by <@{user}>.",
                _ when question is not null || session.Status == SessionStatus.NeedsInput => $"Answered by <@{user}>: {SlackStatusBlocks.Escape(command.Text ?? string.Empty)}",
                _ => null,
            };
        if (told is not null)
        {
            await TellAsync(session.Id, thread, told, cancellationToken);
        }

        return result;
    }

    /// <summary>Posts <paramref name="text"/> (mrkdwn) into the thread <paramref name="thread"/> (<c>channel/ts</c>); a failure is logged.</summary>
    public async Task TellAsync(string sessionId, string thread, string text, CancellationToken cancellationToken)
    {
        if (thread.Split('/') is not [var channel, var ts])
        {
            return;
        }

        var posted = await slack.PostMessageAsync(new SlackMessage(channel, text) { ThreadTs = ts, Metadata = Tag(sessionId) }, cancellationToken);
        if (!posted.Succeeded)
        {
            Log.TellFailed(logger, sessionId, posted.Error.ToString());
        }
    }

    /// <summary>An event whose actor is the Slack user <paramref name="user"/> of <paramref name="team"/>, for the actor rules.</summary>
    public static TriggerEvent AsActor(string user, string? team, string kind, DateTimeOffset at) => new()
    {
        Source = "slack",
        Kind = kind,
        DeliveryId = kind,
        OccurredAt = at,
        Actor = user,
        Subject = new EventSubject { Type = kind },
        Payload = JsonSerializer.SerializeToElement(new { team_id = team, @event = new { user } }),
    };

    /// <summary>The metadata of the engine's messages: the bot's own messages never steer, and are found by it.</summary>
    private static SlackMetadata Tag(string sessionId) => new("automations_action", new JsonObject { ["session"] = sessionId, ["key"] = "steering" });

    private static partial class Log
    {
        [LoggerMessage(EventId = 1740, Level = LogLevel.Information, Message = "Slack user {User} steered session {SessionId}: {Verb}, answered {Status}")]
        public static partial void Steered(ILogger logger, string sessionId, string verb, string user, int status);

        [LoggerMessage(EventId = 1741, Level = LogLevel.Warning, Message = "Slack did not take the engine's word in session {SessionId}'s thread: {Error}")]
        public static partial void TellFailed(ILogger logger, string sessionId, string error);
    }
}
