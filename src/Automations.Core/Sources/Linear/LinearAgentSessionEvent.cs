using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Linear;

/// <summary>
/// Linear's <c>AgentSessionEvent</c> webhook (Linear's "Agent interaction"): <c>created</c> when the app is
/// mentioned or delegated an issue, <c>prompted</c> when someone writes to the session again, with the stop
/// signal when they ask it to stop. The body holds <c>agentSession</c> (its id, issue and creator),
/// <c>agentActivity</c> on a prompt, and on creation <c>promptContext</c>, <c>previousComments</c> and
/// <c>guidance</c>.
/// </summary>
public static class LinearAgentSessionEvent
{
    public const string Type = "AgentSessionEvent";

    /// <summary>The kind of a new agent session.</summary>
    public const string Created = "linear.AgentSessionEvent.created";

    /// <summary>The kind of a message (or a stop) written to an agent session.</summary>
    public const string Prompted = "linear.AgentSessionEvent.prompted";

    /// <summary>The signal of a prompt that asks the agent to stop.</summary>
    public const string StopSignal = "stop";

    /// <summary>Whether the event is one of an agent session's.</summary>
    public static bool Is(TriggerEvent triggerEvent) =>
        triggerEvent.Kind is Created or Prompted;

    /// <summary>The agent session's id, or null.</summary>
    public static string? SessionId(JsonElement payload) => payload.At("agentSession", "id").AsString();

    /// <summary>The UUID of the issue the agent session is on, or null.</summary>
    public static string? IssueId(JsonElement payload) =>
        payload.At("agentSession", "issue", "id").AsString() ?? payload.At("agentSession", "issueId").AsString();

    /// <summary>The agent session's state as Linear sent it (<c>pending</c>, <c>active</c>, <c>awaitingInput</c>, ...), or null.</summary>
    public static string? Status(JsonElement payload) => payload.At("agentSession", "status").AsString();

    /// <summary>What a <c>prompted</c> event says: the activity's id, its text and its signal.</summary>
    public static LinearPrompt Prompt(JsonElement payload)
    {
        var activity = payload.Child("agentActivity");
        return new LinearPrompt(
            activity.Child("id").AsString(),
            activity.At("content", "body").AsString() ?? activity.Child("body").AsString(),
            activity.Child("signal").AsString(),
            activity.At("user", "name").AsString());
    }

    /// <summary>Why the body cannot be an agent session's event, or null when it can.</summary>
    public static string? Malformed(JsonElement payload, string action)
    {
        if (PayloadJson.WrongType(payload, "Linear", ("agentSession", JsonValueKind.Object), ("agentActivity", JsonValueKind.Object), ("previousComments", JsonValueKind.Array), ("promptContext", JsonValueKind.String)) is { } wrong)
        {
            return wrong;
        }

        if (SessionId(payload) is null)
        {
            return "An AgentSessionEvent has no agentSession.id.";
        }

        return action == "prompted" && !payload.Child("agentActivity").IsObject()
            ? "A prompted AgentSessionEvent has no agentActivity."
            : null;
    }

    /// <summary>The subject: the issue the agent session is on.</summary>
    public static EventSubject Subject(JsonElement payload)
    {
        var issue = payload.At("agentSession", "issue");
        return new EventSubject
        {
            Type = LinearPayload.IssueType,
            Id = issue.Child("identifier").AsString() ?? IssueId(payload) ?? SessionId(payload),
            Number = issue.Child("number").AsInt64(),
            Title = issue.Child("title").AsString(),
            Url = issue.Child("url").AsString(),
        };
    }

    /// <summary>Who started the session (its creator), or who wrote the prompt.</summary>
    public static string? Actor(JsonElement payload) =>
        payload.At("agentActivity", "user", "name").AsString() ?? payload.At("agentSession", "creator", "name").AsString();
}

/// <summary>A <c>prompted</c> event's activity: its id, text, signal (<c>stop</c>) and author; each null where Linear sent none.</summary>
public sealed record LinearPrompt(string? ActivityId, string? Body, string? Signal, string? Author)
{
    public bool IsStop => string.Equals(Signal, LinearAgentSessionEvent.StopSignal, StringComparison.Ordinal);
}
