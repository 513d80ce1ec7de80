using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Sentry;

/// <summary>
/// Sentry integration-platform webhooks: signed with <c>Sentry-Hook-Signature</c> (hex HMAC-SHA256 of the
/// raw body, keyed with the client secret), named by <c>Sentry-Hook-Resource</c> and the body's
/// <c>action</c>; kinds are <c>sentry.&lt;resource&gt;.&lt;action&gt;</c>, with an issue's <c>ignored</c>
/// read as <c>archived</c> (<see cref="SentryActions"/>). The delivery id is derived from the payload
/// (<see cref="SentryDeliveryIds"/>), never from <c>Request-ID</c>. Sentry knows no repository.
/// </summary>
public sealed class SentrySource : IWebhookSource
{
    public const string SourceName = "sentry";

    private static readonly (string Name, JsonValueKind Kind)[] Shape =
        [("action", JsonValueKind.String), ("data", JsonValueKind.Object), ("actor", JsonValueKind.Object), ("installation", JsonValueKind.Object)];

    public string Name => SourceName;

    public SignatureResult Verify(WebhookRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HmacSignature.VerifyHex(secret, request.Body.Span, request.Header(SentryHeaders.Signature));
    }

    /// <summary>
    /// A key from the delivery's own identifiers (<see cref="SentryDeliveryIds"/>), the same on every resend;
    /// null when the resource header, the JSON body or its action is missing.
    /// </summary>
    public string? DeliveryId(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = Resource(request);
        if (resource is null || Parse(request) is not { } payload || payload.Child("action").AsString() is not { } action)
        {
            return null;
        }

        return SentryDeliveryIds.For(resource, SentryActions.Normalize(resource, action), payload.Child("data"), request.Body.Span);
    }

    public NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = Resource(request);
        if (resource is null)
        {
            return new NormalizeResult.Malformed($"The {SentryHeaders.Resource} header is missing.");
        }

        if ((request.JsonObject(out var payload) ?? PayloadJson.WrongType(payload, "Sentry", Shape)) is { } malformed)
        {
            return new NormalizeResult.Malformed(malformed);
        }

        if (payload.Child("action").AsString() is not { } sentAction)
        {
            return new NormalizeResult.Malformed("The body has no action.");
        }

        var action = SentryActions.Normalize(resource, sentAction);
        var data = payload.Child("data");
        return new NormalizeResult.Normalized(new TriggerEvent
        {
            Source = SourceName,
            Kind = $"{SourceName}.{resource}.{action}",
            DeliveryId = deliveryId,
            OccurredAt = SentryPayload.OccurredAt(resource, action, data) ?? receivedAt,
            Repository = null,
            Actor = payload.At("actor", "name").AsString() ?? payload.At("actor", "id").AsIdText(),
            Subject = SentryPayload.Subject(resource, action, data),
            Payload = payload,
        });
    }

    private static string? Resource(WebhookRequest request)
    {
        var value = request.Header(SentryHeaders.Resource)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    private static JsonElement? Parse(WebhookRequest request) =>
        request.JsonObject(out var payload) is null ? payload : null;
}
