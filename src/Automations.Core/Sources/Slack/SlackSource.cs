using System.Security.Cryptography;
using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Slack;

/// <summary>
/// Slack's Events API: signed with <c>X-Slack-Signature</c> over <c>X-Slack-Request-Timestamp</c> and the
/// body, the timestamp within a window (default 5 minutes) of the injected clock; identified by the body's
/// <c>event_id</c>, which a retry (<c>X-Slack-Retry-Num</c>) keeps; kinds are <c>slack.&lt;event type&gt;</c>.
/// A <c>url_verification</c> is a <see cref="NormalizeResult.Challenge"/>. Slack wants an answer within 3 seconds.
/// </summary>
public sealed class SlackSource : IWebhookSource
{
    public const string SourceName = "slack";

    private const string EventCallback = "event_callback";
    private const string UrlVerification = "url_verification";

    private static readonly (string Name, JsonValueKind Kind)[] Shape =
        [("type", JsonValueKind.String), ("event", JsonValueKind.Object), ("event_id", JsonValueKind.String), ("challenge", JsonValueKind.String)];

    private readonly TimeProvider _time;
    private readonly TimeSpan _window;

    /// <param name="time">The clock the request timestamp is checked against.</param>
    /// <param name="window">How far the timestamp may be from now, either way; default <see cref="SlackSignature.DefaultWindow"/> (5 minutes).</param>
    public SlackSource(TimeProvider time, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _window = window ?? SlackSignature.DefaultWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_window, TimeSpan.Zero, nameof(window));
    }

    public string Name => SourceName;

    public SignatureResult Verify(WebhookRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SlackSignature.Verify(
            secret,
            request.Body.Span,
            request.Header(SlackHeaders.RequestTimestamp),
            request.Header(SlackHeaders.Signature),
            _time.GetUtcNow(),
            _window);
    }

    /// <summary>
    /// <c>event_id</c> for an <c>event_callback</c> (the same on Slack's retries, so they are duplicates);
    /// <c>url_verification:</c> and the challenge for a verification; for any other callback type, its
    /// type and a hash of the body. Null when the body is not a JSON object with a <c>type</c>.
    /// </summary>
    public string? DeliveryId(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.JsonObject(out var payload) is not null || payload.Child("type").AsString() is not { } type)
        {
            return null;
        }

        return type switch
        {
            EventCallback => payload.Child("event_id").AsString(),
            UrlVerification => payload.Child("challenge").AsString() is { } challenge ? $"{UrlVerification}:{challenge}" : null,
            _ => $"{type}:{Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))[..32]}",
        };
    }

    public NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.JsonObject(out var payload) ?? PayloadJson.WrongType(payload, "Slack", Shape)) is { } malformed)
        {
            return new NormalizeResult.Malformed(malformed);
        }

        return payload.Child("type").AsString() switch
        {
            null => new NormalizeResult.Malformed("The body has no 'type'."),
            UrlVerification => payload.Child("challenge").AsString() is { } challenge
                ? new NormalizeResult.Challenge(challenge)
                : new NormalizeResult.Malformed("The url_verification has no 'challenge'."),
            EventCallback => Event(payload, deliveryId, receivedAt),
            var other => new NormalizeResult.Ignored($"Slack callback type '{other}' starts nothing."),
        };
    }

    private static NormalizeResult Event(JsonElement payload, string deliveryId, DateTimeOffset receivedAt)
    {
        var inner = payload.Child("event");
        if (inner.Child("type").AsString() is not { } eventType)
        {
            return new NormalizeResult.Malformed("The event_callback has no 'event.type'.");
        }

        return new NormalizeResult.Normalized(new TriggerEvent
        {
            Source = SourceName,
            Kind = $"{SourceName}.{eventType}",
            DeliveryId = deliveryId,
            OccurredAt = SlackPayload.OccurredAt(payload) ?? receivedAt,
            Actor = SlackPayload.Actor(inner),
            Subject = SlackPayload.Subject(eventType, inner),
            Payload = payload,
        });
    }
}
