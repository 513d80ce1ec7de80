namespace Automations.Core.Sources.Sentry;

/// <summary>The headers Sentry sends with every integration-platform delivery.</summary>
public static class SentryHeaders
{
    /// <summary>The resource: <c>issue</c>, <c>event_alert</c>, <c>metric_alert</c>, <c>error</c>, <c>comment</c>, <c>installation</c>, ...</summary>
    public const string Resource = "Sentry-Hook-Resource";

    /// <summary>The hex HMAC-SHA256 of the raw body keyed with the integration's client secret, no prefix.</summary>
    public const string Signature = "Sentry-Hook-Signature";

    /// <summary>New on every send, a retry included: not an idempotency key, so not read.</summary>
    public const string RequestId = "Request-ID";

    /// <summary>Seconds since the epoch; not covered by the signature, so not trusted.</summary>
    public const string Timestamp = "Sentry-Hook-Timestamp";
}
