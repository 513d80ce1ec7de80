using Automations.Core.Ports;
using Automations.Integrations.Http;

namespace Automations.Integrations.GitHub;

/// <summary>
/// The GitHub token for git, for remotes under <see cref="GitHubClientOptions.GitUrl"/> when it is
/// http(s): <c>{GitUrl}/{owner}/{name}.git</c> gets the token for <c>owner/name</c>, as user
/// <c>x-access-token</c>. Any other remote (a local path, another host) gets nothing, and so does every
/// remote when no GitHub credentials are configured.
/// </summary>
public sealed class GitHubGitCredentials(IGitHubTokens tokens, GitHubClientOptions options) : IGitCredentials
{
    public const string Username = "x-access-token";

    public async ValueTask<GitCredential?> ForRemoteAsync(string remoteUrl, CancellationToken cancellationToken)
    {
        if (RepositoryOf(remoteUrl) is not { } repository)
        {
            return null;
        }

        var token = await tokens.ForRepositoryAsync(repository, cancellationToken);
        if (!token.Succeeded)
        {
            // With no GitHub credentials configured, git goes without (a public repository still clones).
            // A token that could not be had is another matter: the clone or push would fail with a vaguer message.
            return token.Error.Kind == ProviderErrorKind.NotConfigured
                ? null
                : throw new GitHubCredentialException($"no GitHub token for {repository.FullName}: {token.Error}");
        }

        return new GitCredential(Username, token.Value.Value);
    }

    /// <summary>The <c>owner/name</c> a remote under GitUrl names, or null when it is not under it.</summary>
    public GitHubRepository? RepositoryOf(string remoteUrl)
    {
        if (!Uri.TryCreate(options.GitUrl.TrimEnd('/') + "/", UriKind.Absolute, out var root)
            || (root.Scheme != Uri.UriSchemeHttps && root.Scheme != Uri.UriSchemeHttp)
            || !Uri.TryCreate(remoteUrl, UriKind.Absolute, out var remote)
            || !string.Equals(root.Scheme, remote.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(root.IdnHost, remote.IdnHost, StringComparison.OrdinalIgnoreCase)
            || root.Port != remote.Port
            || !string.IsNullOrEmpty(remote.UserInfo)
            || !remote.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = Uri.UnescapeDataString(remote.AbsolutePath[root.AbsolutePath.Length..]).TrimEnd('/');
        if (rest.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[..^4];
        }

        return GitHubRepository.TryParse(rest, out var repository) ? repository : null;
    }
}
