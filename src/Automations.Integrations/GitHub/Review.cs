namespace Automations.Integrations.GitHub;

/// <summary>A pull request review: <c>APPROVED</c>, <c>CHANGES_REQUESTED</c>, <c>COMMENTED</c>, <c>DISMISSED</c> or <c>PENDING</c>.</summary>
public sealed record Review(long Id, GitHubUser? User, string? Body, string State, string? CommitId, DateTimeOffset? SubmittedAt, string? HtmlUrl);
