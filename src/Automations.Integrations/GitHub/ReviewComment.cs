namespace Automations.Integrations.GitHub;

/// <summary>A review comment on a line of a pull request's diff. <see cref="Line"/> is null when the line is no longer in the diff.</summary>
public sealed record ReviewComment(
    long Id,
    long? PullRequestReviewId,
    long? InReplyToId,
    string Path,
    int? Line,
    int? OriginalLine,
    string? Side,
    string Body,
    GitHubUser? User,
    string? CommitId,
    string? HtmlUrl,
    DateTimeOffset CreatedAt);
