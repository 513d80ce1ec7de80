namespace Automations.Integrations.GitHub;

/// <summary>
/// A check run. For GitHub Actions, its id is also the workflow job's id, so
/// <see cref="GitHubClient.GetJobLogExcerptAsync"/> takes it as it is.
/// </summary>
public sealed record CheckRun(
    long Id,
    string Name,
    string HeadSha,
    string Status,
    string? Conclusion,
    string? HtmlUrl,
    string? DetailsUrl,
    CheckRunOutput? Output);
