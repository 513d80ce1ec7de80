using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Linear;

/// <summary>
/// Linear webhooks: signed with <c>Linear-Signature</c> (hex HMAC-SHA256 of the raw body), identified by
/// <c>Linear-Delivery</c>, and fresh only while the body's <c>webhookTimestamp</c> (milliseconds since the
/// epoch, covered by the signature) is within <see cref="Window"/> of now. Kinds are
/// <c>linear.&lt;Type&gt;.&lt;action&gt;</c> from the body's <c>type</c> (<c>Issue</c>, <c>Comment</c>, ...)
/// and <c>action</c> (<c>create</c>, <c>update</c>, <c>remove</c>); an agent session's (<see cref="LinearAgentSessionEvent"/>)
/// has the issue it is on as its subject. Linear knows no repository.
/// </summary>
public sealed class LinearSource : IWebhookSource
{
    public const string SourceName = "linear";

    private static readonly (string Name, JsonValueKind Kind)[] Shape =
        [("action", JsonValueKind.String), ("type", JsonValueKind.String), ("data", JsonValueKind.Object), ("actor", JsonValueKind.Object)];

    /// <summary>How far <c>webhookTimestamp</c> may be from now, either way, by default: 60 seconds, as Linear advises.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;

    /// <param name="time">The clock the timestamp is checked against.</param>
    /// <param name="window">How far the timestamp may be from now, either way; positive; default <see cref="DefaultWindow"/> (60 seconds).</param>
    public LinearSource(TimeProvider time, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Window = window ?? DefaultWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(window));
    }

    public string Name => SourceName;

    /// <summary>How far <c>webhookTimestamp</c> may be from now, either way.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// The signature first; then, for a body that is a JSON object, its <c>webhookTimestamp</c>:
    /// <see cref="SignatureResult.TimestampOutOfRange"/> when it is outside the window, missing or not a
    /// number (every Linear delivery has one, and a signed body without it could be replayed forever).
    /// A signed body that is not a JSON object is <see cref="SignatureResult.Valid"/>: it can start
    /// nothing, and <see cref="Normalize"/> reports it malformed, so it is kept for a look, not refused.
    /// </summary>
    public SignatureResult Verify(WebhookRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = HmacSignature.VerifyHex(secret, request.Body.Span, request.Header(LinearHeaders.Signature));
        if (signature != SignatureResult.Valid || Parse(request) is not { } payload)
        {
            return signature;
        }

        var timestamp = payload.Child("webhookTimestamp").AsInt64();
        if (timestamp is null
            || timestamp < DateTimeOffset.MinValue.ToUnixTimeMilliseconds()
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return SignatureResult.TimestampOutOfRange;
        }

        var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(timestamp.Value);
        return skew.Duration() <= Window ? SignatureResult.Valid : SignatureResult.TimestampOutOfRange;
    }

    public string? DeliveryId(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Header(LinearHeaders.Delivery)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.JsonObject(out var payload) ?? PayloadJson.WrongType(payload, "Linear", Shape)) is { } malformed)
        {
            return new NormalizeResult.Malformed(malformed);
        }

        var type = payload.Child("type").AsString();
        var action = payload.Child("action").AsString();
        if (type is null || action is null)
        {
            return new NormalizeResult.Malformed("The body has no type or no action.");
        }

        var agentSession = type == LinearAgentSessionEvent.Type;
        if (agentSession && LinearAgentSessionEvent.Malformed(payload, action) is { } why)
        {
            return new NormalizeResult.Malformed(why);
        }

        return new NormalizeResult.Normalized(new TriggerEvent
        {
            Source = SourceName,
            Kind = $"{SourceName}.{type}.{action}",
            DeliveryId = deliveryId,
            OccurredAt = OccurredAt(payload) ?? receivedAt,
            Repository = null,
            Actor = payload.At("actor", "name").AsString() ?? payload.At("actor", "email").AsString() ?? (agentSession ? LinearAgentSessionEvent.Actor(payload) : null),
            Subject = agentSession ? LinearAgentSessionEvent.Subject(payload) : LinearPayload.Subject(type, payload),
            Payload = payload,
        });
    }

    /// <summary>The action's own time (the body's <c>createdAt</c>), else the entity's last update or creation.</summary>
    private static DateTimeOffset? OccurredAt(JsonElement payload) =>
        payload.Child("createdAt").AsTimestamp()
        ?? payload.At("data", "updatedAt").AsTimestamp()
        ?? payload.At("data", "createdAt").AsTimestamp();

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    private static JsonElement? Parse(WebhookRequest request) =>
        request.JsonObject(out var payload) is null ? payload : null;
}
