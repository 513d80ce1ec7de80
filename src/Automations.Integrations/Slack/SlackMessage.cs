using System.Text.Json.Nodes;

namespace Automations.Integrations.Slack;

/// <summary>
/// A message for <c>chat.postMessage</c>: <paramref name="Text"/> is what notifications show, and all
/// that shows when there are no <see cref="Blocks"/>. With <see cref="ThreadTs"/>, it is a reply in that thread.
/// </summary>
public sealed record SlackMessage(string Channel, string Text)
{
    /// <summary>Block Kit blocks (<see cref="SlackStatusBlocks"/> makes a session's).</summary>
    public JsonArray? Blocks { get; init; }

    /// <summary>The <c>ts</c> of the message whose thread this goes into.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>Metadata to find the message by later (<see cref="SlackClient.HistoryAsync"/>).</summary>
    public SlackMetadata? Metadata { get; init; }
}
