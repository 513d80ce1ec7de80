using System.Net;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

public sealed class GitHubClientTests : GitHubClientFixture
{
    [Fact]
    public async Task CreatePullRequestAsync_NewBranch_OpensDraftWithTitleBodyHeadAndBase()
    {
        var sha = GitHub.PushBranch("acme/web", "automations/fix/s1");

        var result = await Client.CreatePullRequestAsync(Repo, new NewPullRequest("fix: typo", "automations/fix/s1", "main") { Body = "Fixes #1", Draft = true }, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, result.Value.Number);
        Assert.Equal(("automations/fix/s1", sha), (result.Value.Head.Ref, result.Value.Head.Sha));
        Assert.Equal("main", result.Value.Base.Ref);
        Assert.True(result.Value.Draft);
        var stored = Assert.Single(GitHub.PullRequests);
        Assert.Equal(("fix: typo", "Fixes #1", true), (stored.Title, stored.Body, stored.Draft));
        var request = Assert.Single(GitHub.RequestsTo("POST", "/repos/acme/web/pulls"));
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Equal("2022-11-28", request.Header("X-GitHub-Api-Version"));
        Assert.Contains("\"head\":\"automations/fix/s1\"", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePullRequestAsync_OneAlreadyOpen_FailsWithGitHubsMessage()
    {
        GitHub.PushBranch("acme/web", "automations/fix/s1");
        GitHub.AddPullRequest("acme/web", "automations/fix/s1");

        var result = await Client.CreatePullRequestAsync(Repo, new NewPullRequest("again", "automations/fix/s1", "main"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrorKind.Rejected, result.Error.Kind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Error.Status);
        Assert.Equal("Validation Failed: A pull request already exists for acme:automations/fix/s1.", result.Error.Message);
    }

    [Theory]
    [InlineData("never-pushed", 1, "Validation Failed: head invalid")]
    [InlineData("pushed-empty", 0, "Validation Failed: No commits between main and pushed-empty")]
    public async Task CreatePullRequestAsync_HeadNotPushedOrWithoutCommits_FailsWithGitHubs422(string head, int commitsAhead, string message)
    {
        if (head == "pushed-empty")
        {
            GitHub.PushBranch("acme/web", head, commitsAhead);
        }

        var result = await Client.CreatePullRequestAsync(Repo, new NewPullRequest("fix", head, "main"), CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, HttpStatusCode.UnprocessableEntity, message), (result.Error!.Kind, result.Error.Status, result.Error.Message));
        Assert.Empty(GitHub.PullRequests);
    }

    [Fact]
    public async Task ListPullRequestsByHeadAsync_ClosedAndOtherBranches_ListsThatBranchInAnyState()
    {
        var closed = GitHub.AddPullRequest("acme/web", "automations/fix/s1");
        closed.State = "closed";
        GitHub.AddPullRequest("acme/web", "automations/fix/s1");
        GitHub.AddPullRequest("acme/web", "other");

        var result = await Client.ListPullRequestsByHeadAsync(Repo, "automations/fix/s1", CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([1, 2], result.Value.Select(p => p.Number));
        Assert.Contains("head=acme%3Aautomations%2Ffix%2Fs1", Assert.Single(GitHub.RequestsTo("GET", "/repos/acme/web/pulls")).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPullRequestAsync_Merged_HasHeadShaMergedAndMergeableState()
    {
        var stored = GitHub.AddPullRequest("acme/web", "b");
        stored.Merged = true;
        stored.MergeableState = "dirty";
        stored.HeadSha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

        var result = await Client.GetPullRequestAsync(Repo, stored.Number, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((true, "dirty", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), (result.Value.Merged, result.Value.MergeableState, result.Value.Head.Sha));
    }

    [Fact]
    public async Task GetPullRequestAsync_Missing_FailsNotFound()
    {
        var result = await Client.GetPullRequestAsync(Repo, 42, CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, HttpStatusCode.NotFound, "Not Found"), (result.Error!.Kind, result.Error.Status, result.Error.Message));
    }

    [Fact]
    public async Task UpdatePullRequestAsync_TitleOnly_ChangesTitleKeepsBody()
    {
        var stored = GitHub.AddPullRequest("acme/web", "b");
        stored.Body = "kept";

        var result = await Client.UpdatePullRequestAsync(Repo, stored.Number, new PullRequestUpdate { Title = "new title" }, CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(("new title", "kept"), (stored.Title, stored.Body));
        Assert.Equal("""{"title":"new title"}""", Assert.Single(GitHub.RequestsTo("PATCH", "/repos/acme/web/pulls/1")).Text);
    }

    [Fact]
    public async Task AddLabelsAsync_TwoLabels_AnswersAllLabels()
    {
        var stored = GitHub.AddPullRequest("acme/web", "b");
        stored.Labels.Add("existing");

        var result = await Client.AddLabelsAsync(Repo, stored.Number, ["automations", "bug"], CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["existing", "automations", "bug"], result.Value.Select(l => l.Name));
    }

    [Fact]
    public async Task RequestReviewersAsync_UsersAndTeams_AreRequested()
    {
        var stored = GitHub.AddPullRequest("acme/web", "b");

        var result = await Client.RequestReviewersAsync(Repo, stored.Number, ["octocat"], ["platform"], CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["octocat"], stored.RequestedReviewers);
        Assert.Equal(["platform"], stored.RequestedTeams);
        Assert.Equal("""{"reviewers":["octocat"],"team_reviewers":["platform"]}""", GitHub.Requests[^1].Text);
    }

    [Fact]
    public async Task CreateIssueCommentAsync_ThenList_FindsTheMarker()
    {
        var issue = GitHub.AddIssue("acme/web");
        GitHub.AddComment("acme/web", issue, "someone else");

        var created = await Client.CreateIssueCommentAsync(Repo, issue, "Working on it.\n<!-- automations:session s1 -->", CancellationToken.None);
        var listed = await Client.ListIssueCommentsAsync(Repo, issue, CancellationToken.None);

        Assert.True(created.Succeeded, created.ToString());
        Assert.Equal("automations[bot]", created.Value.User?.Login);
        Assert.True(listed.Succeeded, listed.ToString());
        Assert.Equal(2, listed.Value.Count);
        Assert.Single(listed.Value, c => c.Body.Contains("<!-- automations:session s1 -->", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCheckRunAsync_AndAnnotations_HaveConclusionFilesAndLines()
    {
        var id = GitHub.AddCheckRun("acme/web", "build", "failure", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "log", ("src/a.cs", 12, "failure", "CS1002: ; expected"), ("src/b.cs", 3, "warning", "unused"));

        var run = await Client.GetCheckRunAsync(Repo, id, CancellationToken.None);
        var annotations = await Client.ListCheckRunAnnotationsAsync(Repo, id, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(("build", "completed", "failure", 2), (run.Value.Name, run.Value.Status, run.Value.Conclusion, run.Value.Output?.AnnotationsCount));
        Assert.Equal(("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true), (run.Value.HeadSha, run.Value.MayHaveJobLog));
        Assert.True(annotations.Succeeded, annotations.ToString());
        Assert.Equal([("src/a.cs", 12, "failure", "CS1002: ; expected"), ("src/b.cs", 3, "warning", "unused")],
            annotations.Value.Select(a => (a.Path, a.StartLine, a.AnnotationLevel, a.Message)));
    }

    [Fact]
    public async Task GetJobLogExcerptAsync_Redirect_FollowsWithoutTokenAndKeepsTheFailure()
    {
        var lines = Enumerable.Range(1, 500).Select(i => $"2026-01-05T09:00:{i % 60:D2}.1234567Z line {i}").ToList();
        lines[299] = "2026-01-05T09:00:00.0000000Z ##[error]Tests failed: 3";
        var id = GitHub.AddCheckRun("acme/web", "test", "failure", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", string.Join('\n', lines));

        var result = await Client.GetJobLogExcerptAsync(Repo, id, CancellationToken.None, maxLines: 40);

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(result.Value.AroundError);
        Assert.Equal(271, result.Value.FirstLine);
        var excerpt = result.Value.Text.Split('\n');
        Assert.Equal(40, excerpt.Length);
        Assert.Equal("##[error]Tests failed: 3", excerpt[29]);
        Assert.Equal("line 310", excerpt[^1]);
        var download = Assert.Single(GitHub.Requests, r => r.Path.StartsWith("/_downloads/", StringComparison.Ordinal));
        Assert.Null(download.Header("Authorization"));
        Assert.Equal($"Bearer {Token}", Assert.Single(GitHub.Requests, r => r.Path.EndsWith("/logs", StringComparison.Ordinal)).Header("Authorization"));
    }

    [Fact]
    public async Task GetJobLogExcerptAsync_ThirdPartyCheckRun_FailsNotFound()
    {
        // Another app's check run is no GitHub Actions job: GitHub has no log for its id.
        var id = GitHub.AddThirdPartyCheckRun("acme/web", "lint", "failure", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", ("src/a.cs", 1, "warning", "unused import"));

        var run = await Client.GetCheckRunAsync(Repo, id, CancellationToken.None);
        var log = await Client.GetJobLogExcerptAsync(Repo, id, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(("lint", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", false), (run.Value.Name, run.Value.HeadSha, run.Value.MayHaveJobLog));
        Assert.Equal((ProviderErrorKind.Rejected, HttpStatusCode.NotFound), (log.Error!.Kind, log.Error.Status));
    }

    [Fact]
    public async Task AnyCall_WrongToken_FailsWithBadCredentials()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:GitHub:ApiUrl"] = GitHub.Url.ToString(), ["Automations:GitHub:Token"] = "ghp_wrong" });

        var result = await services.GetRequiredService<GitHubClient>().GetPullRequestAsync(Repo, 1, CancellationToken.None);

        Assert.Equal((ProviderErrorKind.Rejected, HttpStatusCode.Unauthorized, "Bad credentials"), (result.Error!.Kind, result.Error.Status, result.Error.Message));
    }

    [Fact]
    public async Task AddReactionAsync_OnAConversationAndOnADiffComment_PostsTheContent_AndAnUnknownOneIsRefused()
    {
        var comment = GitHub.IssueCommentCreated("acme/web", GitHub.AddIssue("acme/web"), "@automations stop", "octocat", "MEMBER");
        var id = (long)comment["comment"]!["id"]!;

        var eyes = await Client.AddReactionAsync(Repo, id, "eyes", reviewComment: false, CancellationToken.None);
        var again = await Client.AddReactionAsync(Repo, id, "eyes", reviewComment: false, CancellationToken.None);
        var onDiff = await Client.AddReactionAsync(Repo, 4242, "+1", reviewComment: true, CancellationToken.None);
        var unknown = await Client.AddReactionAsync(Repo, id, "shrug", reviewComment: false, CancellationToken.None);

        Assert.True(eyes.Succeeded && again.Succeeded && onDiff.Succeeded, $"{eyes} {again} {onDiff}");
        Assert.Equal("eyes", eyes.Value.Content);
        Assert.Equal(["eyes"], GitHub.Reactions(id));
        Assert.Equal("/repos/acme/web/pulls/comments/4242/reactions", GitHub.Requests[^2].Path);
        Assert.Equal("+1", System.Text.Json.JsonDocument.Parse(GitHub.Requests[^2].Text).RootElement.GetProperty("content").GetString());
        Assert.Equal(ProviderErrorKind.Rejected, unknown.Error!.Kind);
    }

    [Fact]
    public async Task AnyCall_NoCredentials_FailsNotConfiguredWithoutARequest()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:GitHub:ApiUrl"] = GitHub.Url.ToString() });

        var result = await services.GetRequiredService<GitHubClient>().CreateIssueCommentAsync(Repo, 1, "x", CancellationToken.None);

        Assert.Equal(ProviderErrorKind.NotConfigured, result.Error!.Kind);
        Assert.Empty(GitHub.Requests);
    }
}
