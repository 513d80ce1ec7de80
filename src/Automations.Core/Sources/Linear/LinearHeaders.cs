namespace Automations.Core.Sources.Linear;

/// <summary>The headers Linear sends with every delivery.</summary>
public static class LinearHeaders
{
    /// <summary>A UUID per delivery, kept on Linear's retries: the idempotency key.</summary>
    public const string Delivery = "Linear-Delivery";

    /// <summary>The hex HMAC-SHA256 of the raw body keyed with the webhook's signing secret, no prefix.</summary>
    public const string Signature = "Linear-Signature";

    /// <summary>The entity type, as the body's <c>type</c>: <c>Issue</c>, <c>Comment</c>, ...</summary>
    public const string Event = "Linear-Event";
}
