using System.Globalization;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Core.Sources.Custom;

/// <summary>
/// Custom webhooks (<c>POST /webhooks/custom/{endpoint}</c>), signed the Standard Webhooks way with the
/// secret the automation names. The kind is <c>webhook.{endpoint}</c>; the body, any JSON, is the payload.
/// The delivery id is the endpoint and <c>webhook-id</c>, so two senders' ids never collide.
/// </summary>
public sealed class CustomWebhookSource(TimeProvider time, TimeSpan? tolerance = null) : IWebhookSource
{
    public const string SourceName = "webhook";

    public string Name => SourceName;

    public SignatureResult Verify(WebhookRequest request, string? secret) =>
        StandardWebhookSignature.Verify(
            secret,
            request.Header(StandardWebhookHeaders.Id),
            request.Header(StandardWebhookHeaders.Timestamp),
            request.Header(StandardWebhookHeaders.Signature),
            request.Body.Span,
            time.GetUtcNow(),
            tolerance);

    public string? DeliveryId(WebhookRequest request) =>
        request.Header(StandardWebhookHeaders.Id) is { Length: > 0 } id && request.Endpoint is { } endpoint
            ? $"{endpoint}:{id.Trim()}"
            : null;

    public NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt)
    {
        if (PayloadJson.Parse(request.Body, out var payload) is { } error)
        {
            return new NormalizeResult.Malformed(error);
        }

        var endpoint = request.Endpoint ?? "";
        return new NormalizeResult.Normalized(new TriggerEvent
        {
            Source = SourceName,
            Kind = $"{SourceName}.{endpoint}",
            DeliveryId = deliveryId,
            OccurredAt = SentAt(request) ?? receivedAt,
            Repository = Text(payload, "repository"),
            Actor = Text(payload, "actor") ?? Text(payload, "user") ?? Text(payload, "sender"),
            Subject = new EventSubject
            {
                Type = SourceName,
                Id = Text(payload, "id") ?? request.Header(StandardWebhookHeaders.Id),
                Title = Text(payload, "title") ?? Text(payload, "name") ?? endpoint,
                Url = Text(payload, "url"),
                State = Text(payload, "status") ?? Text(payload, "state"),
            },
            Payload = payload,
        });
    }

    private static DateTimeOffset? SentAt(WebhookRequest request) =>
        long.TryParse(request.Header(StandardWebhookHeaders.Timestamp), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>A top-level string or number of an object payload, as text.</summary>
    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
