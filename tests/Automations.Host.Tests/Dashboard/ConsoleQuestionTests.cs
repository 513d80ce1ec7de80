using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>Questions with choices, from a real command agent's question file to its next turn, through chromium.</summary>
public sealed class ConsoleQuestionTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [BrowserFact]
    public async Task QuestionsWithChoices_AreTabs_TheChosenAnswersResumeTheSession_AndReachTheAgent()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", """
            if [ ! -f "$HOME/asked" ]; then
              touch "$HOME/asked"
              cat > "$AUTOMATIONS_QUESTION_FILE" <<'JSON'
            {"questions":[
              {"question":"Which browser should I test first?","header":"Browser","multiSelect":false,
               "options":[{"label":"Firefox","description":"Most of our users"},{"label":"Chromium","description":"What CI runs"}]},
              {"question":"Which suites should run before the pull request?","header":"Suites","multiSelect":true,
               "options":[{"label":"unit"},{"label":"e2e","description":"Slow: about 20 minutes"}]}
            ]}
            JSON
              exit 0
            fi
            cat > ANSWER.md
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-choices");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "needs_input");
        var asked = Assert.Single(await ConsoleScenario.EventsAsync(engine, sessionId), e => e.GetProperty("type").GetString() == "question").GetProperty("data");
        Assert.Equal(2, asked.GetProperty("questions").GetArrayLength());
        Assert.StartsWith("Browser: Which browser should I test first? (choose one)", asked.GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        await Expect(page.Locator($"[data-lane=answer] [data-session='{sessionId}']")).ToContainTextAsync("Which browser should I test first?");
        await page.GotoAsync($"/sessions/{sessionId}");
        var panel = page.Locator("[data-question]");
        await Expect(panel.Locator("[data-tab]")).ToHaveTextAsync(["Browser", "Suites"]);
        await Expect(panel.Locator("#question-0 input[type=radio]")).ToHaveCountAsync(2);
        await Expect(panel.Locator("#question-1")).ToBeHiddenAsync();
        await panel.GetByLabel("Chromium").CheckAsync();

        await panel.GetByRole(AriaRole.Tab, new() { Name = "Suites" }).ClickAsync();
        await Expect(panel.Locator("#question-0")).ToBeHiddenAsync();
        await Expect(panel.Locator("#question-1 input[type=checkbox]")).ToHaveCountAsync(2);
        await panel.GetByLabel("unit").CheckAsync();
        await panel.GetByLabel("Suites: other").FillAsync("smoke tests");
        await ConsoleBrowser.ScreenshotAsync(page, "console-question");
        await ConsoleBrowser.SubmitAsync(page, panel.GetByRole(AriaRole.Button, new() { Name = "Answer" }));

        const string Answer = "Browser: Chromium\nSuites: unit, smoke tests";
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        var message = Assert.Single(await ConsoleScenario.EventsAsync(engine, sessionId), e => e.GetProperty("type").GetString() == "message" && e.GetProperty("data").GetProperty("from").GetString() == "console");
        Assert.Equal(Answer, message.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(Answer, GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "ANSWER.md"));
        var after = await ConsoleBrowser.OpenAgainAsync(page, $"/sessions/{sessionId}");
        await Expect(after.Locator(".session-head [data-role=status]")).ToHaveTextAsync("done");
        await Expect(after.Locator("[data-question]")).ToHaveCountAsync(0);
    }
}
