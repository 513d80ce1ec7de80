namespace Automations.Core.Ports;

/// <summary>A session's pull request ended (<see cref="Outcomes.Outcome"/>), or its merge was reverted.</summary>
public sealed record OutcomeChange(string SessionId, string Outcome, DateTimeOffset At)
{
    /// <summary>The merge commit, which a later revert names.</summary>
    public string? MergeCommitSha { get; init; }

    /// <summary>When the pull request opened, where the delivery says (kept if known already).</summary>
    public DateTimeOffset? PullRequestOpenedAt { get; init; }
}
