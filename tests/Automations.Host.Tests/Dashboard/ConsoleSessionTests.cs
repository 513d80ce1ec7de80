using System.Diagnostics;
using System.Net.Http.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>A session's page with the real engine, a real command agent and chromium: answer, live text, stop and resume.</summary>
public sealed class ConsoleSessionTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    /// <summary>Asks which browser, in free text, the first time; then writes the answer it got.</summary>
    private const string AskingAgent = """
        if [ ! -f "$HOME/asked" ]; then
          touch "$HOME/asked"
          echo "Which browser should I test first?" > "$AUTOMATIONS_QUESTION_FILE"
          exit 0
        fi
        cat > ANSWER.md
        """;

    [BrowserFact]
    public async Task Question_PanelAppears_TheAnswerResumesTheSession_AndIsInItsEvents()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", AskingAgent);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-question");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "needs_input");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        await Expect(page.Locator($"[data-lane=answer] [data-session='{sessionId}']")).ToContainTextAsync("Which browser should I test first?");
        await page.GotoAsync($"/sessions/{sessionId}");
        var panel = page.Locator("[data-question]");
        await Expect(panel).ToContainTextAsync("Which browser should I test first?");

        // The definition's file as people read it, not where the engine's disk keeps it.
        await Expect(page.Locator("[data-definition]")).ToHaveTextAsync("autofix.yaml");
        Assert.DoesNotContain(_setup.AutomationsDir, await page.ContentAsync(), StringComparison.Ordinal);
        await page.FillAsync("#answer", "Firefox first, then Safari.");
        await ConsoleBrowser.ScreenshotAsync(page, "console-question-text");
        await ConsoleBrowser.SubmitAsync(page, panel.GetByRole(AriaRole.Button, new() { Name = "Answer" }));

        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        var answer = Assert.Single(await ConsoleScenario.EventsAsync(engine, sessionId), e => e.GetProperty("type").GetString() == "message" && e.GetProperty("data").GetProperty("from").GetString() == "console");
        Assert.Equal("Firefox first, then Safari.", answer.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("Firefox first, then Safari.", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "ANSWER.md"));
        var after = await ConsoleBrowser.OpenAgainAsync(page, $"/sessions/{sessionId}");
        await Expect(after.Locator(".session-head [data-role=status]")).ToHaveTextAsync("done");
        await Expect(after.Locator("[data-question]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task Question_AnsweredElsewhereWhileThePageWasOpen_TheConsolesAnswerIsRefused_AndSaysWhere()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", AskingAgent)));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-stale");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "needs_input");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        await page.GotoAsync($"/sessions/{sessionId}");
        var panel = page.Locator("[data-question]");
        await Expect(panel).ToContainTextAsync("Which browser should I test first?");

        // The person is writing (so the page does not reload on a status change) when another surface answers, and
        // the session goes on to the end: sent without the question's number, the page's answer was a follow-up.
        await page.FillAsync("#answer", "Firefox first, then Safari.");
        using var api = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Chromium" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, api.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        await Expect(page.Locator("[data-question] textarea")).ToHaveValueAsync("Firefox first, then Safari.");
        await ConsoleBrowser.SubmitAsync(page, panel.GetByRole(AriaRole.Button, new() { Name = "Answer" }));

        await Expect(page.Locator(".notice")).ToContainTextAsync("The question was already answered, from api; this answer was not given to the agent.");
        var messages = (await ConsoleScenario.EventsAsync(engine, sessionId)).Where(e => e.GetProperty("type").GetString() == "message").Select(e => e.GetProperty("data").GetProperty("from").GetString());
        Assert.Equal(["trigger", "api"], messages);
        Assert.Equal("done", ConsoleScenario.Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
    }

    [BrowserFact]
    public async Task RunningAgentsText_AppearsOnThePage_WithoutAReload()
    {
        _setup.AutofixDefinition();
        var gate = _setup.Shared("speak");
        var end = _setup.Shared("end");
        var agent = _setup.Agent("agent", $$"""
            echo "before the gate"
            while [ ! -f "{{gate}}" ]; do sleep 0.05; done
            for i in 1 2 3; do echo "live line $i"; sleep 0.2; done
            while [ ! -f "{{end}}" ]; do sleep 0.05; done
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-live");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.EventsAsync(engine, sessionId).Result.Any(e => e.GetProperty("type").GetString() == "token"));
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        await page.GotoAsync($"/sessions/{sessionId}");
        var transcript = page.Locator("[data-transcript]");
        await Expect(transcript).ToHaveAttributeAsync("data-connected", "true");
        await Expect(transcript).ToContainTextAsync("before the gate");
        Assert.Equal(0, await transcript.GetByText("live line 1").CountAsync());
        await page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");

        File.WriteAllText(gate, "open");

        await Expect(transcript).ToContainTextAsync("live line 3");
        Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.sameDocument ?? null"));
        await ConsoleBrowser.ScreenshotAsync(page, "console-session");
        File.WriteAllText(end, "done");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
    }

    [BrowserFact]
    public async Task StopFromThePage_LeavesItKilledWithNoProcess_AndResumeBringsItBack()
    {
        _setup.AutofixDefinition();
        var agent = _setup.StoppableAgent();
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-stop");
        var marker = $"AUTOMATIONS_SESSION_ID={sessionId}";
        await engine.WaitForAgentLineAsync(sessionId, EngineSetup.StoppableAgentWorking);
        Assert.True(Scripts.AnyProcessWithEnvironment(marker), "the working agent has no process");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
        await page.GotoAsync($"/sessions/{sessionId}");

        await page.Locator(".controls summary", new() { HasText = "Stop" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, stop it" }).ClickAsync();

        await Expect(page.Locator(".session-head [data-role=status]")).ToHaveTextAsync("killed");
        var clock = Stopwatch.StartNew();
        while (Scripts.AnyProcessWithEnvironment(marker) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.False(Scripts.AnyProcessWithEnvironment(marker), "a process of the stopped session is still alive after 5 s");
        Assert.Equal("killed", ConsoleScenario.Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
        await ConsoleBrowser.ScreenshotAsync(page, "console-stopped");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        Assert.Equal("resumed", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "RESUMED.md"));
    }
}
