namespace Automations.Core.Sources.GitHub;

/// <summary>The headers GitHub sends with every delivery.</summary>
public static class GitHubHeaders
{
    /// <summary>The event name: <c>issues</c>, <c>pull_request</c>, <c>ping</c>, ...</summary>
    public const string Event = "X-GitHub-Event";

    /// <summary>A GUID per delivery, kept on a manual redelivery: the idempotency key.</summary>
    public const string Delivery = "X-GitHub-Delivery";

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the raw body.</summary>
    public const string Signature256 = "X-Hub-Signature-256";
}
