using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A session's pull request followed through the real executable: CI failures and reviews become follow-up
/// turns that carry the real text, a merge ends the session.
/// </summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the fakes and folders go with the test.
    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private const string Log = "##[group]Run npm test\n  ✓ renders\n  ✗ login works on Safari\n##[error]Expected 200, got 500 at login.test.js:42\n##[endgroup]";

    private Task<EngineProcess> StartAsync() => _fakes.Setup.StartAsync(_fakes.AutofixSettings(RecordingAgent));

    /// <summary>Starts a session and waits for its pull request; the session and its branch.</summary>
    private static async Task<(string SessionId, string Branch)> PullRequestOpenAsync(EngineProcess engine, string deliveryId)
    {
        var sessionId = await DeliverAsync(engine, deliveryId);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        return (sessionId, $"automations/autofix/{sessionId}");
    }

    private string Prompts(string branch) => GitRepository.Show(_fakes.Setup.Remote, branch, "PROMPTS.md");

    [Fact]
    public async Task FailedCheckRun_StartsAFollowUpTurnWithItsOutputAnnotationsAndLog_ThenTheLimitIsToldInTheThread()
    {
        await using var engine = await StartAsync();
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-ci");
        var head = _fakes.GitHub.BranchSha("acme/web", branch)!;
        var checkRun = _fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", head, Log, ("src/login.js", 17, "failure", "TypeError: cannot read properties of undefined (reading 'submit')"));

        await PostAsync(engine, "check_run", "d-check-1", _fakes.GitHub.CheckRunCompleted(checkRun, branch));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && Prompts(branch).Contains("CI failed", StringComparison.Ordinal));

        var prompt = Prompts(branch).Split("----")[1];
        Assert.Contains($"the check \"unit tests\" concluded failure on commit {head[..10]}", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js:17 [failure] TypeError: cannot read properties of undefined (reading 'submit')", prompt, StringComparison.Ordinal);
        Assert.Contains("Expected 200, got 500 at login.test.js:42", prompt, StringComparison.Ordinal);
        Assert.Contains("unit tests failure", prompt, StringComparison.Ordinal);

        // CI runs again on the follow-up's commit and fails too: the one retry is spent, so the thread is told and the status stays.
        var again = _fakes.GitHub.BranchSha("acme/web", branch)!;
        Assert.NotEqual(head, again);
        await PostAsync(engine, "check_run", "d-check-2", _fakes.GitHub.CheckRunCompleted(_fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", again, Log), branch));
        var root = Assert.Single(_fakes.Roots);
        await engine.WaitForSessionAsync(sessionId, s => _fakes.Slack.Messages.Any(m => m.ThreadTs == root.Ts && m.Text.Contains("No follow-up turn", StringComparison.Ordinal)));
        Assert.Equal("ci_failed", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
        // The first turn and the one follow-up: the second failure started none.
        Assert.Equal(2, Prompts(branch).Split("----", StringSplitOptions.RemoveEmptyEntries).Count(p => p.Trim().Length > 0));
    }

    [Fact]
    public async Task FailedThirdPartyCheckRun_HasNoJobLog_TheFollowUpTurnCarriesItsOutputAndAnnotations()
    {
        await using var engine = await StartAsync();
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-lint");
        var checkRun = _fakes.GitHub.AddThirdPartyCheckRun("acme/web", "lint", "failure", _fakes.GitHub.BranchSha("acme/web", branch)!, ("src/login.js", 3, "warning", "'form' is never reassigned; use const"));

        await PostAsync(engine, "check_run", "d-lint-1", _fakes.GitHub.CheckRunCompleted(checkRun, branch));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && Prompts(branch).Contains("CI failed", StringComparison.Ordinal));

        var prompt = Prompts(branch).Split("----")[1];
        Assert.Contains("the check \"lint\" concluded failure", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js:3 [warning] 'form' is never reassigned; use const", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("job log", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_fakes.GitHub.Requests, r => r.Path.EndsWith("/logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedCheckRun_AnsweredWithoutHeadSha_StillStartsItsFollowUpTurn_OnTheDeliverysCommit()
    {
        await using var engine = await StartAsync();
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-nosha");
        var head = _fakes.GitHub.BranchSha("acme/web", branch)!;
        var checkRun = _fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", head, Log);

        // An API answer without a field GitHub documents as always there: it crashed the follow-up (NullReferenceException), and the job was retried until it died.
        var delivery = _fakes.GitHub.CheckRunCompleted(checkRun, branch);
        var answer = delivery["check_run"]!.DeepClone().AsObject();
        answer.Remove("head_sha");
        answer.Remove("check_suite");
        _fakes.GitHub.FailNext(10, new FakeFailure(200, new Dictionary<string, string>(), answer.ToJsonString()), r => r.Path == $"/repos/acme/web/check-runs/{checkRun}");
        await PostAsync(engine, "check_run", "d-nosha-1", delivery);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && Prompts(branch).Contains("CI failed", StringComparison.Ordinal));

        Assert.Contains($"the check \"unit tests\" concluded failure on commit {head[..10]}", Prompts(branch), StringComparison.Ordinal);
        Assert.DoesNotContain("failed outside the agent", engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckSuiteWithoutHeadBranch_FromAFork_IsTakenAndMovesNoSession()
    {
        await using var engine = await StartAsync();
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-suite");
        var head = _fakes.GitHub.BranchSha("acme/web", branch)!;

        // GitHub sends head_branch null, and no pull request, for a suite whose head is in a fork.
        var fork = _fakes.GitHub.CheckSuiteCompleted("acme/web", headBranch: null, head, "failure");
        Assert.Null(fork["check_suite"]!["head_branch"]);
        Assert.Empty(fork["check_suite"]!["pull_requests"]!.AsArray());
        await PostAsync(engine, "check_suite", "d-suite-fork", fork);
        await PostAsync(engine, "check_suite", "d-suite-own", _fakes.GitHub.CheckSuiteCompleted("acme/web", branch, head, "failure"));
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) == "ci_failed");

        var deliveries = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "pull_request").Select(e => e.GetProperty("data").GetProperty("deliveryId").GetString());
        Assert.Equal(["d-suite-own"], deliveries);
        Assert.Equal(JsonValueKind.Null, session.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task ChangesRequested_WithThreeCommentsOnTwoPages_GivesATurnHoldingAllThree_AndAMergeEndsTheSession()
    {
        await using var engine = await StartAsync();
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-review");
        var pr = _fakes.GitHub.PullRequests[0];
        _fakes.GitHub.MaxPageSize = 2;
        _fakes.GitHub.AddReviewComment("acme/web", pr.Number, "maria-dev", "src/login.js", 17, "Guard against a missing form.", reviewId: 77);
        _fakes.GitHub.AddReviewComment("acme/web", pr.Number, "maria-dev", "src/login.js", 30, "Name this handler.", reviewId: 77);
        _fakes.GitHub.AddReviewComment("acme/web", pr.Number, "maria-dev", "test/login.test.js", 5, "Add a Safari case.", reviewId: 77);
        _fakes.GitHub.AddReviewComment("acme/web", pr.Number, "someone", "README.md", 1, "An older review's comment.", reviewId: 12);

        await PostAsync(engine, "pull_request_review", "d-review-1", _fakes.GitHub.ReviewSubmitted(pr, 77, "changes_requested", "Please handle the empty case.", "maria-dev"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && Prompts(branch).Contains("requested changes", StringComparison.Ordinal));

        var prompt = Prompts(branch).Split("----")[1];
        Assert.Contains("src/login.js:17: Guard against a missing form.", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js:30: Name this handler.", prompt, StringComparison.Ordinal);
        Assert.Contains("test/login.test.js:5: Add a Safari case.", prompt, StringComparison.Ordinal);
        Assert.Contains("Please handle the empty case.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("An older review's comment.", prompt, StringComparison.Ordinal);
        Assert.True(_fakes.GitHub.RequestsTo("GET", $"/repos/acme/web/pulls/{pr.Number}/comments").Count >= 2, "the comments were read across pages");

        await PostAsync(engine, "pull_request", "d-merged", _fakes.GitHub.PullRequestEvent("closed", pr, merged: true));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "merged");
        var workspace = Path.Combine(_fakes.Setup.DataDir, "workspaces", sessionId);
        await Waiting.UntilAsync(() => !Directory.Exists(workspace), TimeSpan.FromSeconds(30), $"the merged session's workspace to go: {string.Join(", ", Directory.Exists(workspace) ? Directory.GetFileSystemEntries(workspace) : [])}\n{engine.Output}\n{await engine.Http.GetStringAsync($"/api/sessions/{sessionId}/events")}");
        var root = Assert.Single(_fakes.Roots);
        await engine.WaitForSessionAsync(sessionId, _ => _fakes.Slack.Messages.Any(m => m.ThreadTs == root.Ts && m.Text.Contains("merged", StringComparison.Ordinal)));
    }
}
