using System.Net;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// The automations pages with the real engine, a real command agent, chromium and a fake GitHub: a merged
/// then reverted pull request lowers the success rate and pause_below pauses the automation; run now,
/// pause, resume and pause all from the pages.
/// </summary>
public sealed class ConsoleAutomationsTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private static string Outcome(JsonElement session) => session.GetProperty("outcome").ValueKind == JsonValueKind.String ? session.GetProperty("outcome").GetString()! : "";

    /// <summary>Delivers the labelled issue; the webhook's answer.</summary>
    private static async Task<JsonElement> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [BrowserFact]
    public async Task MergedThenReverted_LowersTheSuccessRateOnItsPage_AndPauseBelowPausesIt_SoANewDeliveryStartsNothing()
    {
        var settings = _fakes.AutofixSettings(ActionsFakes.RecordingAgent);
        _fakes.Setup.Definition("autofix.yaml", """
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: "Fix issue #{{ event.subject.number }}: {{ event.subject.title }}"
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}" }
            budget: { daily_usd: 25 }
            pause_below: { success_rate: 0.5, after: 1 }
            """);
        await using var engine = await _fakes.Setup.StartAsync(settings);
        var sessionId = (await DeliverAsync(engine, "d-outcome-1")).GetProperty("sessions")[0].GetString()!;
        await engine.WaitForSessionAsync(sessionId, s => ActionsFakes.Status(s) == "pr_open");
        var pr = Assert.Single(_fakes.GitHub.PullRequests);

        var merged = _fakes.GitHub.Merge(pr);
        await ActionsFakes.PostAsync(engine, "pull_request", "d-outcome-merged", merged);
        await engine.WaitForSessionAsync(sessionId, s => Outcome(s) == "merged");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        await page.GotoAsync("/automations/autofix");
        var card = page.Locator("[data-automation=autofix]");
        await Expect(card.Locator("[data-role=success-rate]")).ToContainTextAsync("100%");
        await Expect(card).ToHaveAttributeAsync("data-paused", "false");

        // git revert of the merge commit, pushed to main.
        await ActionsFakes.PostAsync(engine, "push", "d-outcome-revert", _fakes.GitHub.RevertPushed("acme/web", pr.MergeCommitSha!));
        await engine.WaitForSessionAsync(sessionId, s => Outcome(s) == "reverted");

        await page.ReloadAsync();
        await Expect(card.Locator("[data-role=success-rate]")).ToContainTextAsync("0%");
        await Expect(page.Locator("[data-role=reverted]")).ToHaveTextAsync("1");
        await Expect(card).ToHaveAttributeAsync("data-paused", "true");
        await Expect(card.Locator("[data-paused-why]")).ToContainTextAsync("paused: pause_below: success rate 0% (0 of 1 pull requests merged and not reverted in 30 days) is below 50%");
        await Expect(page.Locator("[data-chart=Runs] rect.bar")).ToHaveCountAsync(1);
        await ConsoleBrowser.ScreenshotAsync(page, "console-automation");

        // The session's page tells its outcome; a new matching delivery starts nothing, and says why.
        await page.GotoAsync($"/sessions/{sessionId}");
        await Expect(page.Locator("[data-role=outcome]")).ToContainTextAsync("reverted");
        var answer = await DeliverAsync(engine, "d-outcome-2");
        Assert.Equal(0, answer.GetProperty("sessions").GetArrayLength());
        Assert.StartsWith("paused: pause_below:", answer.GetProperty("refused")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single((await engine.GetJsonAsync("/api/sessions?automation=autofix")).EnumerateArray());
        var listed = Assert.Single((await engine.GetJsonAsync("/api/automations")).GetProperty("automations").EnumerateArray());
        Assert.Equal("pause_below", listed.GetProperty("paused").GetProperty("by").GetString());
    }

    [BrowserFact]
    public async Task RunNow_StartsASession_EvenWhilePaused_AndPauseResumeAndPauseAllWorkFromThePages()
    {
        // A fixed repository: a run by hand has no event to name one.
        _fakes.Setup.Definition("autofix.yaml", """
            name: autofix
            description: Fix labelled issues, and look every weekday morning
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
              - schedule: { cron: "0 9 * * MON-FRI", timezone: Europe/Berlin }
            repository: acme/web
            agent: { use: demo, timeout: 2m }
            instructions: "Fix what is broken in acme/web."
            budget: { daily_usd: 10 }
            """);
        _fakes.Setup.Definition("broken.yaml", "name: broken\non: [ { github: { event: issues.labelled } } ]\nrepository: acme/web\nagent: { use: demo }\n");
        await using var engine = await _fakes.Setup.StartAsync(_fakes.Setup.Settings(_fakes.Setup.Agent("agent", "echo done > DONE.md")));
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        await page.Locator("header nav a", new() { HasText = "Automations" }).ClickAsync();
        var card = page.Locator("[data-automation=autofix]");
        await Expect(card).ToContainTextAsync("github.issues.labeled");
        await Expect(card).ToContainTextAsync("schedule 0 9 * * MON-FRI");
        await Expect(card.Locator("[data-role=spend]")).ToHaveTextAsync("$0.00 of $10.00");
        await Expect(page.Locator("[data-problems]")).ToContainTextAsync("broken.yaml:2:26: unknown action 'labelled'");
        Assert.DoesNotContain(_fakes.Setup.AutomationsDir, await page.ContentAsync(), StringComparison.Ordinal);

        await card.Locator("summary", new() { HasText = "Pause" }).ClickAsync();
        await card.Locator("input[name=reason]").FillAsync("noisy this week");
        await card.GetByRole(AriaRole.Button, new() { Name = "Yes, pause it" }).ClickAsync();
        await Expect(card.Locator("[data-paused-why]")).ToContainTextAsync("paused: noisy this week");
        var refused = await DeliverAsync(engine, "d-paused");
        Assert.Equal("paused: noisy this week", refused.GetProperty("refused")[0].GetProperty("reason").GetString());
        await ConsoleBrowser.ScreenshotAsync(page, "console-automations");

        // A person asked: run now runs a paused automation, and lands on the session's page.
        await card.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sessions/."));
        var sessionId = await page.Locator(".session-head").GetAttributeAsync("data-session");
        var session = await engine.WaitForSessionAsync(sessionId!, s => ConsoleScenario.Status(s) == "done");
        Assert.Equal("manual", session.GetProperty("trigger").GetProperty("source").GetString());

        await page.GotoAsync("/automations");
        await card.Locator("summary", new() { HasText = "Resume" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Yes, resume it" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-paused", "false");
        Assert.Equal(1, (await DeliverAsync(engine, "d-resumed")).GetProperty("sessions").GetArrayLength());

        // Pause all, from the front page, next to stop all.
        await page.GotoAsync("/");
        await page.Locator(".summary summary", new() { HasText = "Pause all automations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, pause them all" }).ClickAsync();
        await Expect(page.Locator("[data-paused-all]")).ToContainTextAsync("All automations are paused");
        Assert.StartsWith("paused: all automations are paused", (await DeliverAsync(engine, "d-all")).GetProperty("refused")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        await page.GotoAsync("/automations");
        await Expect(card.Locator("[data-paused-why]")).ToContainTextAsync("all automations are paused");
        await page.Locator("[data-paused-all] summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, resume them" }).ClickAsync();
        await Expect(page.Locator("[data-paused-all]")).ToHaveCountAsync(0);
        Assert.Equal(JsonValueKind.Null, (await engine.GetJsonAsync("/api/automations")).GetProperty("pausedAll").ValueKind);
    }
}
