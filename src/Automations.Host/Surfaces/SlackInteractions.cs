using System.Text.Json;
using Automations.Core.Ports;
using Automations.Integrations.Slack;

namespace Automations.Host.Surfaces;

/// <summary>
/// A verified Slack <c>block_actions</c> request: a press of a session's Stop or Resume button, or of a choice under
/// its question. The press names the session (and the question it answers) in the button's value; it runs through
/// <see cref="SlackSteering"/>, so who may press is the automation's <c>actors:</c>, and the thread is told.
/// </summary>
public sealed class SlackInteractions(ISessionStore sessions, SlackSteering steering, TimeProvider time)
{
    /// <summary>Handles the press; a problem with the request itself (a 400), or null when it was handled or is none of the engine's.</summary>
    public async Task<string?> HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        if (Text(payload, "type") != "block_actions")
        {
            return null;
        }

        var user = Object(payload, "user");
        var action = payload.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0 ? actions[0] : default;
        var message = Object(payload, "message");
        var channel = Text(Object(payload, "channel"), "id") ?? Text(Object(payload, "container"), "channel_id");
        var thread = Text(message, "thread_ts") ?? Text(message, "ts");
        if (Text(user, "id") is not { } userId || Text(action, "action_id") is not { } actionId || Text(action, "value") is not { } value || channel is null || thread is null)
        {
            return "A block_actions payload names its user, its action (action_id and value), its channel and its message.";
        }

        var (sessionId, command, question) = actionId switch
        {
            SlackButtons.StopAction => (value, new SteeringCommand(SteeringCommand.Stop, null), (long?)null),
            SlackButtons.ResumeAction => (value, new SteeringCommand(SteeringCommand.Resume, null), null),
            _ when actionId.StartsWith(SlackButtons.AnswerAction, StringComparison.Ordinal) && SlackButtons.ReadAnswer(value) is { } answer =>
                (answer.Session, new SteeringCommand(SteeringCommand.Message, answer.Answer), answer.Question),
            _ => (null, null, null),
        };
        if (sessionId is null || command is null)
        {
            return null;
        }

        if (await sessions.GetAsync(sessionId, cancellationToken) is not { } session)
        {
            return $"No session {sessionId}.";
        }

        var team = Text(Object(payload, "team"), "id") ?? Text(user, "team_id");
        if (steering.Refusal(session, SlackSteering.AsActor(userId, team, "slack.block_actions", time.GetUtcNow())) is { } refused)
        {
            await steering.TellAsync(session.Id, $"{channel}/{thread}", $"<@{userId}> {refused}", cancellationToken);
            return null;
        }

        await steering.SteerAsync(session, userId, command, question, $"{channel}/{thread}", cancellationToken);
        return null;
    }

    private static JsonElement Object(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
