using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubClient
{
    public Task<ProviderResult<PullRequest>> CreatePullRequestAsync(GitHubRepository repository, NewPullRequest pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(pullRequest);
        return SendAsync<PullRequest>(repository, HttpMethod.Post, $"{repository.ApiPath}/pulls", pullRequest, cancellationToken);
    }

    /// <summary>Every pull request, open or not, whose head is <paramref name="branch"/> of <paramref name="headOwner"/> (default: the repository's owner).</summary>
    public Task<ProviderResult<IReadOnlyList<PullRequest>>> ListPullRequestsByHeadAsync(GitHubRepository repository, string branch, CancellationToken cancellationToken, string? headOwner = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var head = Uri.EscapeDataString($"{headOwner ?? repository.Owner}:{branch}");
        return ListAsync<PullRequest>(repository, $"{repository.ApiPath}/pulls?state=all&head={head}", cancellationToken);
    }

    /// <summary>One pull request, with its head sha, <c>merged</c>, <c>mergeable</c> and <c>mergeable_state</c>.</summary>
    public Task<ProviderResult<PullRequest>> GetPullRequestAsync(GitHubRepository repository, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendAsync<PullRequest>(repository, HttpMethod.Get, $"{repository.ApiPath}/pulls/{Number(number)}", null, cancellationToken);
    }

    public Task<ProviderResult<PullRequest>> UpdatePullRequestAsync(GitHubRepository repository, int number, PullRequestUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(update);
        return SendAsync<PullRequest>(repository, HttpMethod.Patch, $"{repository.ApiPath}/pulls/{Number(number)}", update, cancellationToken);
    }

    /// <summary>Asks users (logins) and teams (slugs) for a review.</summary>
    public Task<ProviderResult<PullRequest>> RequestReviewersAsync(GitHubRepository repository, int number, IReadOnlyList<string> reviewers, IReadOnlyList<string> teamReviewers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendAsync<PullRequest>(
            repository,
            HttpMethod.Post,
            $"{repository.ApiPath}/pulls/{Number(number)}/requested_reviewers",
            new ReviewersRequest(reviewers, teamReviewers),
            cancellationToken);
    }

    /// <summary>Every review of the pull request, across every page.</summary>
    public Task<ProviderResult<IReadOnlyList<Review>>> ListReviewsAsync(GitHubRepository repository, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return ListAsync<Review>(repository, $"{repository.ApiPath}/pulls/{Number(number)}/reviews", cancellationToken);
    }

    /// <summary>Every review comment (file, line, body, author) of the pull request, across every page.</summary>
    public Task<ProviderResult<IReadOnlyList<ReviewComment>>> ListReviewCommentsAsync(GitHubRepository repository, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return ListAsync<ReviewComment>(repository, $"{repository.ApiPath}/pulls/{Number(number)}/comments", cancellationToken);
    }

    /// <summary>
    /// Merges the pull request with <paramref name="method"/> (<c>merge</c>, <c>squash</c>, <c>rebase</c>), only if its head
    /// is still <paramref name="sha"/>: GitHub answers 409 when it moved, 405 when it is not mergeable.
    /// </summary>
    public Task<ProviderResult<MergeResult>> MergePullRequestAsync(GitHubRepository repository, int number, string sha, string method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return SendAsync<MergeResult>(repository, HttpMethod.Put, $"{repository.ApiPath}/pulls/{Number(number)}/merge", new MergeRequest(sha, method), cancellationToken);
    }

    private sealed record MergeRequest(string Sha, string MergeMethod);

    private sealed record ReviewersRequest(IReadOnlyList<string> Reviewers, IReadOnlyList<string> TeamReviewers);
}
