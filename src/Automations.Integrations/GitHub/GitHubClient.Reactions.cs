using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

public sealed partial class GitHubClient
{
    /// <summary>
    /// Reacts to a comment (<c>+1</c>, <c>eyes</c>, <c>confused</c>, ...): on an issue's or pull request's conversation,
    /// or, with <paramref name="reviewComment"/>, on a line of a pull request's diff. GitHub answers the same reaction
    /// again with the one it has, so reacting twice is harmless.
    /// </summary>
    public Task<ProviderResult<Reaction>> AddReactionAsync(GitHubRepository repository, long commentId, string content, bool reviewComment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var kind = reviewComment ? "pulls" : "issues";
        return SendAsync<Reaction>(repository, HttpMethod.Post, $"{repository.ApiPath}/{kind}/comments/{Number(commentId)}/reactions", new ReactionRequest(content), cancellationToken);
    }

    private sealed record ReactionRequest(string Content);
}
