using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>Lists follow <c>Link: rel="next"</c> to the last page, whatever they list.</summary>
public sealed class GitHubPagingTests : GitHubClientFixture
{
    [Fact]
    public async Task ListReviewsAsync_ThreePages_AllReviewsInOrder()
    {
        var number = GitHub.AddPullRequest("acme/web", "b").Number;
        for (var i = 0; i < 230; i++)
        {
            GitHub.AddReview("acme/web", number, $"user{i}", i % 2 == 0 ? "APPROVED" : "CHANGES_REQUESTED", $"review {i}");
        }

        var result = await Client.ListReviewsAsync(Repo, number, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Enumerable.Range(0, 230).Select(i => $"user{i}"), result.Value.Select(r => r.User!.Login));
        Assert.Equal("CHANGES_REQUESTED", result.Value[229].State);
        Assert.Equal(3, GitHub.RequestsTo("GET", "/repos/acme/web/pulls/1/reviews").Count);
    }

    [Fact]
    public async Task ListReviewCommentsAsync_TwoPages_HaveFileLineBodyAndAuthor()
    {
        var number = GitHub.AddPullRequest("acme/web", "b").Number;
        for (var i = 1; i <= 101; i++)
        {
            GitHub.AddReviewComment("acme/web", number, "reviewer", $"src/f{i}.cs", i == 101 ? null : i, $"fix {i}");
        }

        var result = await Client.ListReviewCommentsAsync(Repo, number, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(101, result.Value.Count);
        Assert.Equal(("src/f7.cs", (int?)7, "fix 7", "reviewer"), (result.Value[6].Path, result.Value[6].Line, result.Value[6].Body, result.Value[6].User!.Login));
        Assert.Null(result.Value[100].Line);
    }

    [Fact]
    public async Task ListIssueCommentsAsync_ExactlyOneFullPage_StopsWithoutAnEmptyPage()
    {
        var issue = GitHub.AddIssue("acme/web");
        for (var i = 0; i < 100; i++)
        {
            GitHub.AddComment("acme/web", issue, $"c{i}");
        }

        var result = await Client.ListIssueCommentsAsync(Repo, issue, CancellationToken.None);

        Assert.Equal(100, result.Value!.Count);
        Assert.Single(GitHub.RequestsTo("GET", "/repos/acme/web/issues/1/comments"));
    }

    [Fact]
    public async Task ListPullRequestsByHeadAsync_ManyAcrossPages_ListsThemAll()
    {
        for (var i = 0; i < 120; i++)
        {
            GitHub.AddPullRequest("acme/web", "shared").State = "closed";
        }

        var result = await Client.ListPullRequestsByHeadAsync(Repo, "shared", CancellationToken.None);

        Assert.Equal(120, result.Value!.Count);
        Assert.Equal(2, GitHub.RequestsTo("GET", "/repos/acme/web/pulls").Count);
    }

    [Fact]
    public async Task ListCheckRunAnnotationsAsync_ErrorOnALaterPage_FailsWithTheError()
    {
        var annotations = Enumerable.Range(1, 150).Select(i => ("a.cs", i, "failure", $"m{i}")).ToArray();
        var id = GitHub.AddCheckRun("acme/web", "build", "failure", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "log", annotations);
        GitHub.FailNext(1, new FakeFailure(404, new Dictionary<string, string>(), """{"message":"Not Found"}"""), r => r.Query.Contains("page=2", StringComparison.Ordinal));

        var result = await Client.ListCheckRunAnnotationsAsync(Repo, id, CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, "Not Found"), (result.Error!.Kind, result.Error.Message));
    }
}
