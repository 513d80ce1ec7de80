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

    [Theory]
    [InlineData("""{"id":1,"number":1,"state":"open","title":"t","draft":false,"head":{"ref":"b","sha":"s"},"base":{"ref":"main","sha":"m"}}""", "html_url")]
    [InlineData("""{"id":1,"number":1,"state":"open","title":"t","html_url":"u","draft":false,"head":{"sha":"s"},"base":{"ref":"main","sha":"m"}}""", "head.ref")]
    [InlineData("""{"id":1,"number":1,"state":"open","title":null,"html_url":"u","draft":false,"head":{"ref":"b","sha":"s"},"base":{"ref":"main","sha":"m"}}""", "title")]
    public async Task GetPullRequestAsync_AnswerWithoutAFieldItAlwaysHas_FailsInvalidResponseNamingIt(string answer, string field)
    {
        GitHub.FailNext(1, new FakeFailure(200, new Dictionary<string, string>(), answer));

        var result = await Client.GetPullRequestAsync(Repo, 1, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Equal($"answered without {field}, which PullRequest always has", result.Error.Message);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task ListPullRequestsByHeadAsync_OneItemWithoutAField_FailsNamingItsPlace()
    {
        GitHub.FailNext(1, new FakeFailure(200, new Dictionary<string, string>(), """[{"id":1,"number":1,"state":"open","title":"t","html_url":"u","draft":false,"head":{"ref":"b","sha":"s"},"base":{"ref":"main"}}]"""));

        var result = await Client.ListPullRequestsByHeadAsync(Repo, "b", CancellationToken.None);

        Assert.Equal(ProviderErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Contains("answered without [0].base.sha", result.Error.Message, StringComparison.Ordinal);
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
