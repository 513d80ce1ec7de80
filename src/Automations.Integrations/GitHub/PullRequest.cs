namespace Automations.Integrations.GitHub;

/// <summary>
/// A pull request. <see cref="Merged"/>, <see cref="Mergeable"/> and <see cref="MergeableState"/> come
/// with a single pull request only (<c>GET .../pulls/{number}</c>); lists leave them null.
/// </summary>
public sealed record PullRequest(
    long Id,
    int Number,
    string State,
    string Title,
    string? Body,
    string HtmlUrl,
    bool Draft,
    GitHubBranchRef Head,
    GitHubBranchRef Base,
    GitHubUser? User,
    bool? Merged,
    bool? Mergeable,
    string? MergeableState,
    DateTimeOffset? MergedAt);
