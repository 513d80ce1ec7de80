using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automations.Core.Events;

/// <summary>
/// The one shape every source is normalized into (CONTRACT.md, "The event").
/// Kinds: <c>github.&lt;event&gt;[.&lt;action&gt;]</c>, <c>sentry.&lt;resource&gt;.&lt;action&gt;</c>,
/// <c>linear.&lt;Type&gt;.&lt;action&gt;</c>, <c>slack.&lt;event type&gt;</c>, <c>webhook.&lt;endpoint&gt;</c>, <c>schedule</c>.
/// </summary>
public sealed record TriggerEvent
{
    private static readonly JsonElement NullPayload = JsonDocument.Parse("null").RootElement.Clone();

    public required string Source { get; init; }

    public required string Kind { get; init; }

    public required string DeliveryId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary><c>owner/name</c> where the source knows one.</summary>
    public string? Repository { get; init; }

    /// <summary>The login or name of whoever caused the event.</summary>
    public string? Actor { get; init; }

    public required EventSubject Subject { get; init; }

    /// <summary>The provider's raw payload, untouched.</summary>
    public required JsonElement Payload { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, EventJson.Options);

    /// <summary>
    /// The event without its payload (written as null). The payload is the delivery's raw body, which is
    /// stored anyway; keeping it once halves what each delivery writes.
    /// </summary>
    public string ToEnvelopeJson() => JsonSerializer.Serialize(this with { Payload = NullPayload }, EventJson.Options);

    /// <summary>Rebuilds an event from its envelope and the delivery's body.</summary>
    public static TriggerEvent FromEnvelope(string envelopeJson, ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        return FromJson(envelopeJson) with { Payload = document.RootElement.Clone() };
    }

    public static TriggerEvent FromJson(string json) =>
        JsonSerializer.Deserialize<TriggerEvent>(json, EventJson.Options)
        ?? throw new JsonException("The event JSON is null.");
}
