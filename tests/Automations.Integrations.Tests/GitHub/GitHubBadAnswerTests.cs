using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>Answers that are not what GitHub documents, and input that names no repository, are clear errors, not exceptions.</summary>
public sealed class GitHubBadAnswerTests : GitHubClientFixture
{
    [Fact]
    public async Task GetPullRequestAsync_AnswerIsNotJson_FailsInvalidResponse()
    {
        GitHub.FailNext(1, new FakeFailure(200, new Dictionary<string, string>(), "<html>proxy error</html>"));

        var result = await Client.GetPullRequestAsync(Repo, 1, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.StartsWith("answered with JSON that does not fit PullRequest", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListIssueCommentsAsync_NextLinkToAnotherHost_IsNotFollowedWithTheToken()
    {
        GitHub.FailNext(1, new FakeFailure(200, new Dictionary<string, string> { ["Link"] = "<http://127.0.0.2:1/steal?page=2>; rel=\"next\"" }, "[]"));

        var result = await Client.ListIssueCommentsAsync(Repo, 1, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Contains("is on another host (127.0.0.2); not followed", result.Error.Message, StringComparison.Ordinal);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task AnyCall_ServerUnreachable_FailsNetworkAfterTheRetries()
    {
        // The port the client points at is closed once the server stops.
        await GitHub.DisposeAsync();

        var result = await Client.GetPullRequestAsync(Repo, 1, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.Network, result.Error!.Kind);
        Assert.StartsWith("could not be reached: ", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Error.Message, StringComparison.Ordinal);
        GitHub = await FakeGitHub.StartAsync(); // for the fixture to dispose
    }

    [Theory]
    [InlineData("acme/web", true)]
    [InlineData(" acme/web ", true)]
    [InlineData("acme", false)]
    [InlineData("acme/web/extra", false)]
    [InlineData("acme/", false)]
    [InlineData("../web", false)]
    [InlineData("acme/we b", false)]
    [InlineData("acme/web?x=1", false)]
    [InlineData(null, false)]
    public void TryParse_OwnerSlashName_OnlyThatShape(string? text, bool parses)
    {
        Assert.Equal(parses, GitHubRepository.TryParse(text, out var repository));
        Assert.Equal(parses ? "acme/web" : null, repository?.FullName);
    }
}
