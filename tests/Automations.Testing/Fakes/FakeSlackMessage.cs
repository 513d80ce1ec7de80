using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes;

/// <summary>A message as <see cref="FakeSlack"/> keeps it; <see cref="ThreadTs"/> names the thread it is a reply in.</summary>
public sealed class FakeSlackMessage
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public string? ThreadTs { get; init; }

    public required string Text { get; set; }

    public JsonArray? Blocks { get; set; }

    /// <summary>The message's <c>metadata</c> (<c>{event_type, event_payload}</c>), as posted.</summary>
    public JsonObject? Metadata { get; init; }

    public int Edits { get; set; }
}
