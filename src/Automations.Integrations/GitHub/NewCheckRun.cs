namespace Automations.Integrations.GitHub;

/// <summary>
/// A check run as <c>POST /repos/{owner}/{repo}/check-runs</c> takes it. <see cref="ExternalId"/> names it
/// for its maker, so that a run made before a crash is found again instead of made twice.
/// </summary>
public sealed record NewCheckRun(string Name, string HeadSha, string Status, CheckRunOutputDraft Output)
{
    /// <summary><c>success</c>, <c>failure</c>, <c>neutral</c>, ...; required when <see cref="Status"/> is <c>completed</c>.</summary>
    public string? Conclusion { get; init; }

    public string? ExternalId { get; init; }

    public string? DetailsUrl { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
