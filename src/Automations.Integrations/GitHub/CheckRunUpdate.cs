namespace Automations.Integrations.GitHub;

/// <summary><c>PATCH /repos/{owner}/{repo}/check-runs/{id}</c>: what changes; the output's annotations are added to those the run has.</summary>
public sealed record CheckRunUpdate(CheckRunOutputDraft Output)
{
    public string? Status { get; init; }

    public string? Conclusion { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
