namespace Automations.Integrations.GitHub;

/// <summary>A comment on an issue or a pull request's conversation.</summary>
public sealed record IssueComment(long Id, string Body, string HtmlUrl, GitHubUser? User, DateTimeOffset CreatedAt);
