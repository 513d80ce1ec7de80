using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

/// <summary>The token for calls about a repository: the configured token, or a GitHub App's installation token.</summary>
public interface IGitHubTokens
{
    ValueTask<ProviderResult<GitHubToken>> ForRepositoryAsync(GitHubRepository repository, CancellationToken cancellationToken);
}
