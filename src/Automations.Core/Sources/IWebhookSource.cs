namespace Automations.Core.Sources;

/// <summary>One provider's wire format: how its deliveries are signed, identified and normalized. Pure.</summary>
public interface IWebhookSource
{
    /// <summary>The route segment and event source: <c>github</c>, <c>sentry</c>, ...</summary>
    string Name { get; }

    /// <summary>Checks the signature over the raw body, in constant time.</summary>
    SignatureResult Verify(WebhookRequest request, string? secret);

    /// <summary>The provider's idempotency key for this delivery, or null when it has none.</summary>
    string? DeliveryId(WebhookRequest request);

    /// <summary>Turns a verified delivery into the one event shape.</summary>
    NormalizeResult Normalize(WebhookRequest request, string deliveryId, DateTimeOffset receivedAt);
}
