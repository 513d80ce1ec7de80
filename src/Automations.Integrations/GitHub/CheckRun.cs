namespace Automations.Integrations.GitHub;

/// <summary>
/// A check run. For GitHub Actions, its id is also the workflow job's id, so
/// <see cref="GitHubClient.GetJobLogExcerptAsync"/> takes it as it is; another app's check run is no job
/// and has no log there (GitHub answers 404). GitHub documents <c>head_sha</c> as always there; an answer
/// without it is still read, since the run's commit is also in the delivery that named it.
/// </summary>
public sealed record CheckRun(
    long Id,
    string Name,
    string? HeadSha,
    string Status,
    string? Conclusion,
    string? HtmlUrl,
    string? DetailsUrl,
    CheckRunOutput? Output,
    CheckRunApp? App)
{
    /// <summary>Whether the run may be a GitHub Actions job, whose log GitHub keeps: it is Actions', or names no app.</summary>
    public bool MayHaveJobLog => App is null || App.Slug == CheckRunApp.ActionsSlug;

    /// <summary>What its maker named it by (<see cref="NewCheckRun.ExternalId"/>); empty or null for most.</summary>
    public string? ExternalId { get; init; }
}
