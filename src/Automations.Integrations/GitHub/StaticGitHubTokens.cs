using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

/// <summary><c>Automations:GitHub:Token</c> for every repository.</summary>
public sealed class StaticGitHubTokens(string? token) : IGitHubTokens
{
    private readonly GitHubToken? _token = string.IsNullOrEmpty(token) ? null : new GitHubToken(token, null);

    public ValueTask<ProviderResult<GitHubToken>> ForRepositoryAsync(GitHubRepository repository, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_token is null
            ? ProviderResult<GitHubToken>.Fail(new ProviderError(GitHubClient.Provider, ProviderErrorKind.NotConfigured, "no credentials: set Automations:GitHub:Token, or AppId and PrivateKeyPath"))
            : ProviderResult<GitHubToken>.Ok(_token));
}
