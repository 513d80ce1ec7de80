namespace Automations.Integrations.Slack;

/// <summary>What a session's Slack status message shows.</summary>
public sealed record SessionStatusView(string Automation, string Status)
{
    /// <summary>One line about what happened (an error, what the agent did).</summary>
    public string? Summary { get; init; }

    public Uri? SessionUrl { get; init; }

    public Uri? PullRequestUrl { get; init; }

    public int? PullRequestNumber { get; init; }

    public decimal? CostUsd { get; init; }

    /// <summary>The session, when the message carries its Stop and Resume buttons.</summary>
    public string? SessionId { get; init; }
}
