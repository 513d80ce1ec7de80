using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>The session page names the definition a session ran under: a connected repository's file and commit.</summary>
public sealed class ConsoleDefinitionTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [BrowserFact]
    public async Task SessionDetails_ShowTheRepositoryPathAndCommitOfItsDefinition()
    {
        var commit = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?>
        {
            [".automations/fix.yaml"] = "on:\n  - github: { event: issues.labeled }\nagent: { use: demo }\ninstructions: Fix it.\n",
        });
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo done"), ("Automations:Repositories:0:Repository", "acme/web")));
        await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(engine)).ContainsKey("acme/web/fix"), TimeSpan.FromSeconds(30), "acme/web/fix to load");
        var sessionId = Assert.Single((await RepositoryPushes.LabeledAsync(engine, "d-console-definition")).GetProperty("sessions").EnumerateArray()).GetString()!;
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        await page.GotoAsync($"/sessions/{sessionId}");

        var definition = page.Locator("[data-definition]");
        await Expect(definition).ToContainTextAsync("acme/web:.automations/fix.yaml");
        await Expect(definition).ToContainTextAsync($"at {commit[..12]}");
        await ConsoleBrowser.ScreenshotAsync(page, "console-session-definition");

        // Its qualified name comes escaped in one segment of the automation's page and of its buttons.
        await page.GotoAsync("/automations/acme%2Fweb%2Ffix");
        await Expect(page.Locator("h1")).ToHaveTextAsync("acme/web/fix");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        // Looks at the address as it changes, not for a load event (see ConsoleBrowser.SubmitAsync).
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sessions/(?!{sessionId})"));
        await Expect(page.Locator("[data-definition]")).ToContainTextAsync("acme/web:.automations/fix.yaml");
    }
}
