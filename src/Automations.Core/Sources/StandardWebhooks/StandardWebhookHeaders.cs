namespace Automations.Core.Sources.StandardWebhooks;

/// <summary>The headers of the Standard Webhooks specification (standardwebhooks.com).</summary>
public static class StandardWebhookHeaders
{
    /// <summary>The message id, the same on every retry of a message: the idempotency key.</summary>
    public const string Id = "webhook-id";

    /// <summary>Unix seconds when the message was sent; signed, and checked against a tolerance.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>One or more space-separated <c>v1,&lt;base64&gt;</c> signatures.</summary>
    public const string Signature = "webhook-signature";
}
