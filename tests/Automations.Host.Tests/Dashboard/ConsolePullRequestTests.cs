using Automations.Host.Tests.EndToEnd;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>A session's card with its pull request's checks and review, through the real engine, fake GitHub and Slack, and chromium.</summary>
public sealed class ConsolePullRequestTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [BrowserFact]
    public async Task CiFailedPastItsRetries_WaitsInTheReviewLane_ItsCardShowingTheFailedChecksAndTheApproval()
    {
        await using var engine = await _fakes.Setup.StartAsync(_fakes.AutofixSettings(RecordingAgent));
        var sessionId = await DeliverAsync(engine, "d-card");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        var branch = $"automations/autofix/{sessionId}";
        var pr = _fakes.GitHub.PullRequests[0];
        await PostAsync(engine, "pull_request_review", "d-card-review", _fakes.GitHub.ReviewSubmitted(pr, 78, "approved", "Looks right.", "maria-dev"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "approved");

        // CI fails, the one follow-up turn runs, and CI fails again: past its retries, the status stays ci_failed.
        var head = _fakes.GitHub.BranchSha("acme/web", branch)!;
        var first = _fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", head, "failed");
        await PostAsync(engine, "check_run", "d-card-ci-1", _fakes.GitHub.CheckRunCompleted(first, branch));
        await engine.WaitForSessionAsync(sessionId, s => _fakes.GitHub.BranchSha("acme/web", branch) != head && Status(s) is not ("working" or "ci_failed" or "queued" or "spawning"));
        var second = _fakes.GitHub.AddCheckRun("acme/web", "unit tests", "failure", _fakes.GitHub.BranchSha("acme/web", branch)!, "failed again");
        await PostAsync(engine, "check_run", "d-card-ci-2", _fakes.GitHub.CheckRunCompleted(second, branch));
        await engine.WaitForSessionAsync(sessionId, s => _fakes.Slack.Messages.Any(m => m.Text.Contains("No follow-up turn", StringComparison.Ordinal)));
        Assert.Equal("ci_failed", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));

        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        var card = page.Locator($"[data-lane=review] [data-session='{sessionId}']");
        await Expect(card.Locator("[data-pull-request] a")).ToHaveTextAsync($"#{pr.Number}");
        await Expect(card.Locator("[data-checks]")).ToHaveTextAsync("CI failed");
        await Expect(card.Locator("[data-review]")).ToHaveTextAsync("review approved");
        await ConsoleBrowser.ScreenshotAsync(page, "console-review");
    }
}
