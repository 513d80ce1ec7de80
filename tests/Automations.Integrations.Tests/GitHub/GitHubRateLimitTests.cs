using System.Net;
using Automations.Integrations.GitHub;
using Automations.Integrations.Http;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.GitHub;

/// <summary>Rate limits and failures on a manual clock: each wait the client starts is measured, then the clock moves by it.</summary>
public sealed class GitHubRateLimitTests : IAsyncLifetime
{
    private const string Token = "ghp_rateLimitTestToken";
    private static readonly GitHubRepository Repo = new("acme", "web");
    private readonly ManualTimeProvider _time = new();
    private FakeGitHub _github = null!;
    private ServiceProvider _services = null!;

    private GitHubClient Client => _services.GetRequiredService<GitHubClient>();

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(_time);
        _github.AddToken(Token);
        _services = Integrations.Build(
            new Dictionary<string, string?>
            {
                ["Automations:GitHub:ApiUrl"] = _github.Url.ToString(),
                ["Automations:GitHub:Token"] = Token,
                ["Automations:GitHub:Retry:BaseDelay"] = "00:00:01",
                ["Automations:GitHub:Retry:MaxWait"] = "00:05:00",
            },
            _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task CreateIssueCommentAsync_429WithRetryAfter_WaitsItOutAndCommentsOnce()
    {
        var issue = _github.AddIssue("acme/web");
        _github.FailNext(1, FakeFailure.TooManyRequests(30));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreateIssueCommentAsync(Repo, issue, "hello", CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromSeconds(30)], waits);
        Assert.Equal(2, _github.RequestsTo("POST", "/repos/acme/web/issues/1/comments").Count);
        Assert.Single(_github.Comments("acme/web", issue));
    }

    [Fact]
    public async Task CreatePullRequestAsync_SecondaryRateLimitWithRetryAfter_WaitsThatLong()
    {
        _github.PushBranch("acme/web", "b");
        _github.FailNext(1, FakeFailure.GitHubSecondaryRateLimit(retryAfterSeconds: 45));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreatePullRequestAsync(Repo, new NewPullRequest("t", "b", "main"), CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromSeconds(45)], waits);
        Assert.Single(_github.PullRequests);
    }

    [Fact]
    public async Task CreatePullRequestAsync_SecondaryRateLimitWithoutHeaders_WaitsAMinute()
    {
        _github.PushBranch("acme/web", "b");
        _github.FailNext(1, FakeFailure.GitHubSecondaryRateLimit());

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreatePullRequestAsync(Repo, new NewPullRequest("t", "b", "main"), CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromMinutes(1)], waits);
        Assert.Single(_github.PullRequests);
    }

    [Fact]
    public async Task GetPullRequestAsync_PrimaryRateLimit_WaitsUntilTheReset()
    {
        var pullRequest = _github.AddPullRequest("acme/web", "b");
        _github.FailNext(1, FakeFailure.GitHubPrimaryRateLimit(_time.GetUtcNow().AddSeconds(120)));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.GetPullRequestAsync(Repo, pullRequest.Number, CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([TimeSpan.FromSeconds(120)], waits);
    }

    [Fact]
    public async Task CreateIssueCommentAsync_RetryAfterLongerThanMaxWait_FailsRateLimitedWithoutWaiting()
    {
        var issue = _github.AddIssue("acme/web");
        _github.FailNext(1, FakeFailure.TooManyRequests(3600, """{"message":"API rate limit exceeded"}"""));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreateIssueCommentAsync(Repo, issue, "hello", CancellationToken.None));

        Assert.Empty(waits);
        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromHours(1), result.Error.RetryAfter);
        Assert.Equal("API rate limit exceeded (rate limited: the wait asked for, 01:00:00, is longer than MaxWait (00:05:00))", result.Error.Message);
        Assert.Single(_github.RequestsTo("POST", "/repos/acme/web/issues/1/comments"));
        Assert.Empty(_github.Comments("acme/web", issue));
    }

    [Fact]
    public async Task GetPullRequestAsync_ServerErrorsPastTheRetries_FailsWithGitHubsMessageAfterBackingOff()
    {
        _github.FailNext(5, FakeFailure.ServerError("""{"message":"Server Error"}"""));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.GetPullRequestAsync(Repo, 1, CancellationToken.None));

        Assert.Equal((ProviderErrorKind.Unavailable, HttpStatusCode.InternalServerError), (result.Error!.Kind, result.Error.Status));
        Assert.Equal("Server Error (after 5 attempts)", result.Error.Message);
        Assert.Equal(5, _github.RequestsTo("GET", "/repos/acme/web/pulls/1").Count);
        Assert.Equal(4, waits.Count);
        // Exponential with jitter from a 1 s base: each wait positive and capped, together well past the base.
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(5)));
        Assert.InRange(waits.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task GetPullRequestAsync_TwoServerErrorsThenAnswer_Succeeds()
    {
        var pullRequest = _github.AddPullRequest("acme/web", "b");
        _github.FailNext(2, FakeFailure.ServerError());

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.GetPullRequestAsync(Repo, pullRequest.Number, CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, waits.Count);
        Assert.Equal(3, _github.RequestsTo("GET", "/repos/acme/web/pulls/1").Count);
    }

    [Fact]
    public async Task CreateIssueCommentAsync_ForbiddenWithoutRateLimit_FailsAtOnce()
    {
        _github.FailNext(1, new FakeFailure(403, new Dictionary<string, string>(), """{"message":"Resource not accessible by integration"}"""));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.CreateIssueCommentAsync(Repo, 1, "x", CancellationToken.None));

        Assert.Empty(waits);
        Assert.Equal((ProviderErrorKind.Rejected, "Resource not accessible by integration"), (result.Error!.Kind, result.Error.Message));
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task ListReviewCommentsAsync_RateLimitedOnTheSecondPage_WaitsAndReadsEveryPageOnce()
    {
        var number = _github.AddPullRequest("acme/web", "b").Number;
        for (var i = 1; i <= 250; i++)
        {
            _github.AddReviewComment("acme/web", number, "reviewer", "src/a.cs", i, $"comment {i}");
        }

        _github.FailNext(1, FakeFailure.TooManyRequests(20), r => r.Query.Contains("page=2", StringComparison.Ordinal));

        var (result, waits) = await Integrations.DriveAsync(_time, () => Client.ListReviewCommentsAsync(Repo, number, CancellationToken.None));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"comment {i}"), result.Value.Select(c => c.Body));
        Assert.Equal([TimeSpan.FromSeconds(20)], waits);
        var pages = _github.RequestsTo("GET", "/repos/acme/web/pulls/1/comments").Select(r => r.Query).ToList();
        Assert.Equal(["?per_page=100", "?per_page=100&page=2", "?per_page=100&page=2", "?per_page=100&page=3"], pages);
    }
}
