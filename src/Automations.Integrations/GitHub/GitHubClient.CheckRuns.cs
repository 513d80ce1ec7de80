using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubClient
{
    /// <summary>Makes a check run; its output's annotations (at most 50) come with it.</summary>
    public Task<ProviderResult<CheckRun>> CreateCheckRunAsync(GitHubRepository repository, NewCheckRun checkRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(checkRun);
        return SendAsync<CheckRun>(repository, HttpMethod.Post, $"{repository.ApiPath}/check-runs", checkRun, cancellationToken);
    }

    /// <summary>Updates a check run; the output's annotations (at most 50) are added to those it has.</summary>
    public Task<ProviderResult<CheckRun>> UpdateCheckRunAsync(GitHubRepository repository, long checkRunId, CheckRunUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(update);
        return SendAsync<CheckRun>(repository, HttpMethod.Patch, $"{repository.ApiPath}/check-runs/{Number(checkRunId)}", update, cancellationToken);
    }

    /// <summary>The check runs named <paramref name="name"/> on commit <paramref name="sha"/>, newest first (the first 100: one name on one commit has few).</summary>
    public async Task<ProviderResult<IReadOnlyList<CheckRun>>> ListCheckRunsAsync(GitHubRepository repository, string sha, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var listed = await SendAsync<CheckRunList>(
            repository,
            HttpMethod.Get,
            $"{repository.ApiPath}/commits/{Uri.EscapeDataString(sha)}/check-runs?check_name={Uri.EscapeDataString(name)}&filter=all&per_page=100",
            null,
            cancellationToken);
        return listed.Succeeded ? ProviderResult<IReadOnlyList<CheckRun>>.Ok(listed.Value!.CheckRuns) : listed.As<IReadOnlyList<CheckRun>>();
    }

    private sealed record CheckRunList(int TotalCount, IReadOnlyList<CheckRun> CheckRuns);
}
