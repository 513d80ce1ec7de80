namespace Automations.Core.Sources.Slack;

/// <summary>The headers Slack sends with every Events API request.</summary>
public static class SlackHeaders
{
    /// <summary><c>v0=</c> and the hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public const string Signature = "X-Slack-Signature";

    /// <summary>Unix seconds when Slack sent the request; signed, and checked against a window.</summary>
    public const string RequestTimestamp = "X-Slack-Request-Timestamp";

    /// <summary>How many times Slack has retried this event (1 to 3); the body's <c>event_id</c> stays the same.</summary>
    public const string RetryNum = "X-Slack-Retry-Num";

    /// <summary>Why Slack retried: <c>http_timeout</c>, <c>http_error</c>, ...</summary>
    public const string RetryReason = "X-Slack-Retry-Reason";
}
