using System.Text;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Templates;

namespace Automations.Core.Sources.Linear;

/// <summary>
/// What a new Linear agent session asks, for the agent's prompt: Linear's <c>promptContext</c> (the issue, its
/// comments and the request, as Linear composes them), the workspace's and team's <c>guidance</c>, and the
/// <c>previousComments</c> of the thread. All of it was written by people outside the automation, so each
/// part is fenced as untrusted data. The stub comment Linear posts on delegation
/// (<c>agentSession.comment</c>) is not read: it says only that a session started.
/// </summary>
public static class LinearAgentPrompt
{
    /// <summary>The context of a <c>created</c> event, fenced; null for any other event, or one with none.</summary>
    public static string? For(TriggerEvent triggerEvent)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (triggerEvent.Kind != LinearAgentSessionEvent.Created)
        {
            return null;
        }

        var payload = triggerEvent.Payload;
        var requester = payload.At("agentSession", "creator", "name").AsString() ?? "linear";
        var text = new StringBuilder();
        if (payload.Child("promptContext").AsString() is { Length: > 0 } context)
        {
            Section(text, "The request in Linear", UntrustedData.Fence(context, "linear", requester, "event.payload.promptContext"));
        }

        var guidance = Items(payload.Child("guidance"), "body", g => g.At("origin", "team", "name").AsString() ?? g.At("origin", "organization", "name").AsString() ?? "linear workspace", "event.payload.guidance");
        if (guidance.Length > 0)
        {
            Section(text, "Guidance from the Linear workspace", guidance);
        }

        var comments = Items(payload.Child("previousComments"), "body", c => c.At("user", "name").AsString() ?? c.Child("userId").AsString() ?? "unknown", "event.payload.previousComments");
        if (comments.Length > 0)
        {
            Section(text, "Earlier comments in the thread", comments);
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static void Section(StringBuilder text, string label, string body)
    {
        if (text.Length > 0)
        {
            text.Append("\n\n");
        }

        text.Append(label).Append(":\n").Append(body);
    }

    /// <summary>Each item's text fenced, one a line; <c>guidance</c> may also be a bare string.</summary>
    private static string Items(JsonElement list, string field, Func<JsonElement, string> author, string path)
    {
        if (list.ValueKind == JsonValueKind.String && list.GetString() is { Length: > 0 } single)
        {
            return UntrustedData.Fence(single, "linear", "linear workspace", path);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var parts = list.EnumerateArray()
            .Where(item => item.Child(field).AsString() is { Length: > 0 })
            .Select(item => UntrustedData.Fence(item.Child(field).AsString()!, "linear", author(item), path));
        return string.Join('\n', parts);
    }
}
