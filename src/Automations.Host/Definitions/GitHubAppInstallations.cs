using Automations.Integrations.GitHub;

namespace Automations.Host.Definitions;

/// <summary>The repositories the engine's GitHub App is installed on, as GitHub lists them.</summary>
public sealed class GitHubAppInstallations(GitHubAppTokens tokens) : IInstalledRepositories
{
    public async Task<(IReadOnlyList<string>? Names, string? Problem)> ListAsync(CancellationToken cancellationToken)
    {
        var listed = await tokens.InstalledRepositoriesAsync(cancellationToken);
        return listed.Succeeded ? (listed.Value, null) : (null, listed.Error.ToString());
    }
}
