using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubClient
{
    /// <summary>Comments on an issue, or on a pull request's conversation (pull requests are issues here).</summary>
    public Task<ProviderResult<IssueComment>> CreateIssueCommentAsync(GitHubRepository repository, int number, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendAsync<IssueComment>(repository, HttpMethod.Post, $"{repository.ApiPath}/issues/{Number(number)}/comments", new CommentRequest(body), cancellationToken);
    }

    /// <summary>Every comment on the issue or pull request, across every page: where a marker of an earlier comment is looked for.</summary>
    public Task<ProviderResult<IReadOnlyList<IssueComment>>> ListIssueCommentsAsync(GitHubRepository repository, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return ListAsync<IssueComment>(repository, $"{repository.ApiPath}/issues/{Number(number)}/comments", cancellationToken);
    }

    /// <summary>Adds labels to an issue or pull request; answers with all its labels.</summary>
    public Task<ProviderResult<IReadOnlyList<GitHubLabel>>> AddLabelsAsync(GitHubRepository repository, int number, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendListAsync<GitHubLabel>(repository, HttpMethod.Post, $"{repository.ApiPath}/issues/{Number(number)}/labels", new LabelsRequest(labels), cancellationToken);
    }

    private async Task<ProviderResult<IReadOnlyList<T>>> SendListAsync<T>(GitHubRepository repository, HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        var result = await SendAsync<List<T>>(repository, method, path, body, cancellationToken);
        return result.Succeeded ? result.Value : result.As<IReadOnlyList<T>>();
    }

    private sealed record CommentRequest(string Body);

    private sealed record LabelsRequest(IReadOnlyList<string> Labels);
}
