namespace Automations.Integrations.GitHub;

/// <summary>What <c>POST /repos/{owner}/{name}/pulls</c> takes: <paramref name="Head"/> is the branch with the change, <paramref name="Base"/> the one it goes into.</summary>
public sealed record NewPullRequest(string Title, string Head, string Base)
{
    public string? Body { get; init; }

    public bool Draft { get; init; }
}
