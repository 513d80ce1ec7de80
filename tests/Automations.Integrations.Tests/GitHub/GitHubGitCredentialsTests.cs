using Automations.Integrations.GitHub;
using Automations.Integrations.Http;

namespace Automations.Integrations.Tests.GitHub;

public sealed class GitHubGitCredentialsTests
{
    private static GitHubGitCredentials Credentials(string gitUrl, string? token = "ghp_token") =>
        new(new StaticGitHubTokens(token), new GitHubClientOptions { GitUrl = gitUrl });

    [Theory]
    [InlineData("https://github.com", "https://github.com/acme/web.git", "acme/web")]
    [InlineData("https://github.com/", "https://github.com/acme/web", "acme/web")]
    [InlineData("https://ghe.example/git", "https://ghe.example/git/acme/web.git", "acme/web")]
    [InlineData("https://github.com", "https://github.com.evil.example/acme/web.git", null)]
    [InlineData("https://github.com", "http://github.com/acme/web.git", null)]
    [InlineData("https://github.com", "https://user@github.com/acme/web.git", null)]
    [InlineData("https://github.com", "https://github.com/acme/web/extra.git", null)]
    [InlineData("https://ghe.example/git", "https://ghe.example/other/acme/web.git", null)]
    [InlineData("/srv/git", "/srv/git/acme/web.git", null)]
    [InlineData("https://github.com", "/srv/git/acme/web.git", null)]
    public void RepositoryOf_Remote_IsOwnerAndNameOnlyUnderGitUrl(string gitUrl, string remote, string? expected)
    {
        Assert.Equal(expected, Credentials(gitUrl).RepositoryOf(remote)?.FullName);
    }

    [Fact]
    public async Task ForRemoteAsync_UnderGitUrl_IsTheTokenAsXAccessToken()
    {
        var credential = await Credentials("https://github.com").ForRemoteAsync("https://github.com/acme/web.git", CancellationToken.None);

        Assert.Equal(("x-access-token", "ghp_token"), (credential!.Username, credential.Password));
    }

    [Fact]
    public async Task ForRemoteAsync_ElsewhereOrLocal_IsNone()
    {
        Assert.Null(await Credentials("https://github.com").ForRemoteAsync("https://gitlab.example/acme/web.git", CancellationToken.None));
        Assert.Null(await Credentials("https://github.com").ForRemoteAsync("./examples/demo-repo.git", CancellationToken.None));
    }

    [Fact]
    public async Task ForRemoteAsync_NoGitHubCredentialsConfigured_IsNoneSoPublicRepositoriesStillClone()
    {
        Assert.Null(await Credentials("https://github.com", token: null).ForRemoteAsync("https://github.com/acme/web.git", CancellationToken.None));
    }

    [Fact]
    public async Task ForRemoteAsync_TokenRefused_ThrowsSayingWhy()
    {
        var refused = new GitHubGitCredentials(new RefusingTokens(), new GitHubClientOptions());

        var error = await Assert.ThrowsAsync<GitHubCredentialException>(async () => await refused.ForRemoteAsync("https://github.com/acme/web.git", CancellationToken.None));

        Assert.Equal("no GitHub token for acme/web: GitHub 404 Rejected: Not Found", error.Message);
    }

    private sealed class RefusingTokens : IGitHubTokens
    {
        public ValueTask<ProviderResult<GitHubToken>> ForRepositoryAsync(GitHubRepository repository, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ProviderResult<GitHubToken>.Fail(new ProviderError("GitHub", ProviderErrorKind.Rejected, "Not Found") { Status = System.Net.HttpStatusCode.NotFound }));
    }
}
