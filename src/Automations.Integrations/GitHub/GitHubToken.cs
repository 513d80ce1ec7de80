namespace Automations.Integrations.GitHub;

/// <summary>A token for GitHub's API and git. Its text prints as <c>***</c>, so a log or a message built from it shows nothing.</summary>
public sealed class GitHubToken(string value, DateTimeOffset? expiresAt)
{
    /// <summary>The secret itself: for an Authorization header or git's environment, never for a log, a file or a URL.</summary>
    public string Value { get; } = value;

    /// <summary>When an installation token stops working; null for a plain token.</summary>
    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    public override string ToString() => "GitHubToken(***)";
}
