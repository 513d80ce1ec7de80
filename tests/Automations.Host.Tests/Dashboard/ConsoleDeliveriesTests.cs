using System.Net;
using System.Text;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// The deliveries pages with the real engine, a real command agent and chromium: a refusal with its reason,
/// an unmatched delivery that says why each automation missed, and a replay after the fix.
/// </summary>
public sealed class ConsoleDeliveriesTests : IDisposable
{
    private const string ReadOnlyKey = "read-only-console-key";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    /// <summary>GitHub's labelled issue with the label written <c>auto-fix</c>: the autofix automation misses it.</summary>
    private static byte[] Misspelt() =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(EngineSetup.Payload("issues-labeled.json")).Replace("\"autofix\"", "\"auto-fix\"", StringComparison.Ordinal));

    private async Task<(EngineProcess Engine, ConsoleBrowser Browser, IPage Page)> StartAsync()
    {
        _setup.AutofixDefinition();
        _setup.Definition("on-push.yaml", """
            name: on-push
            on:
              - github: { event: push }
            repository: acme/web
            agent: { use: demo }
            instructions: x
            """);
        var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo fixed > FIXED.md"), ("Automations:Api:ReadOnlyKeys:0", ReadOnlyKey)));
        ConsoleBrowser? browser = null;
        try
        {
            browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
            var page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);
            return (engine, browser, page);
        }
        catch
        {
            // The test never gets them to dispose: an engine left running here outlives the test run.
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            await engine.DisposeAsync();
            throw;
        }
    }

    [BrowserFact]
    public async Task RefusedDelivery_IsListedWithItsReason_AndCounted_AndItsPageShowsNoSignature()
    {
        var (engine, browser, page) = await StartAsync();
        await using var _ = engine;
        await using var __ = browser;
        var body = EngineSetup.Payload("issues-labeled.json");
        using var forged = ProviderDeliveries.GitHub("issues", "forged-1", body, secret: "not-the-secret");
        var signature = forged.Headers.GetValues("X-Hub-Signature-256").Single();
        using var refused = await engine.Http.SendAsync(forged);
        await ConsoleScenario.DeliverAsync(engine, "d-accepted");
        using var unmatched = await engine.Http.SendAsync(ProviderDeliveries.GitHub("issues", "d-unmatched", Misspelt()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await page.GotoAsync("/deliveries");
        var row = page.Locator("[data-deliveries] tr[data-outcome=refused]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("the signature does not match the body");
        await Expect(page.Locator("[data-deliveries] tr[data-outcome=accepted]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-deliveries] tr[data-outcome=unmatched]")).ToHaveCountAsync(1);
        var count = page.Locator("[data-refusals] tr", new() { HasText = "the signature does not match the body" });
        await Expect(count).ToContainTextAsync("github");
        await Expect(count.Locator("td").Nth(2)).ToHaveTextAsync("1");
        await ConsoleBrowser.ScreenshotAsync(page, "console-deliveries");

        await page.SelectOptionAsync("select[name=outcome]", "refused");
        await page.ClickAsync("[data-filters] button[type=submit]");
        await Expect(page.Locator("[data-deliveries] tbody tr")).ToHaveCountAsync(1);
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("[data-reason]")).ToHaveTextAsync("the signature does not match the body");
        await Expect(page.Locator("[data-headers]")).ToContainTextAsync("forged-1");
        await Expect(page.Locator(".controls summary", new() { HasText = "Replay" })).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(signature["sha256=".Length..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(EngineSetup.Secret, html, StringComparison.Ordinal);

        await page.GotoAsync("/deliveries?since=yesterday");
        await Expect(page.Locator("p.error")).ToContainTextAsync("read as UTC");
    }

    [BrowserFact]
    public async Task UnmatchedDelivery_ShowsPerAutomationWhyItMissed_WithItsPayloadAndHeaders()
    {
        var (engine, browser, page) = await StartAsync();
        await using var _ = engine;
        await using var __ = browser;
        using var request = ProviderDeliveries.GitHub("issues", "typo-1", Misspelt());
        request.Headers.Add("X-Api-Key", "a-sender-token");
        using var response = await engine.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await page.GotoAsync("/deliveries?outcome=unmatched");
        await page.Locator("[data-deliveries] tr[data-delivery=typo-1] a").ClickAsync();

        await Expect(page.Locator("[data-role=outcome]")).ToHaveTextAsync("unmatched");
        var autofix = page.Locator("[data-verdicts] tr[data-automation=autofix]");
        await Expect(autofix).ToContainTextAsync("miss");
        await Expect(autofix).ToContainTextAsync("payload.label.name");
        await Expect(autofix).ToContainTextAsync("auto-fix");
        await Expect(page.Locator("[data-verdicts] tr[data-automation=on-push]")).ToContainTextAsync("github.issues.labeled");
        await Expect(page.Locator("[data-payload]")).ToContainTextAsync("\"name\": \"auto-fix\"");
        await Expect(page.Locator("[data-headers]")).ToContainTextAsync("(withheld)");
        await Expect(page.Locator("[data-sessions]")).ToHaveTextAsync("None started.");
        Assert.DoesNotContain("a-sender-token", await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator(".controls summary", new() { HasText = "Replay" })).ToHaveCountAsync(1);
        await ConsoleBrowser.ScreenshotAsync(page, "console-delivery");

        // A read-only person sees the same page without the button, and the server refuses the replay.
        var reader = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(reader, ReadOnlyKey);
        await reader.GotoAsync("/deliveries/github/typo-1");
        await Expect(reader.Locator("[data-verdicts] tr[data-automation=autofix]")).ToContainTextAsync("miss");
        await Expect(reader.Locator(".controls summary", new() { HasText = "Replay" })).ToHaveCountAsync(0);
        var refused = await reader.APIRequest.PostAsync("/console/deliveries/replay?source=github&id=typo-1");
        Assert.Equal(403, refused.Status);
        Assert.Equal(1, (await engine.GetJsonAsync("/api/deliveries")).GetArrayLength());
    }

    [BrowserFact]
    public async Task ReplayAfterTheFix_StartsASession_ThatTheNewDeliveryLinks()
    {
        var (engine, browser, page) = await StartAsync();
        await using var _ = engine;
        await using var __ = browser;
        using var response = await engine.Http.SendAsync(ProviderDeliveries.GitHub("issues", "typo-2", Misspelt()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The definition is fixed in the engine's folder, which it watches.
        _setup.Definition("autofix.yaml", File.ReadAllText(Path.Combine(_setup.AutomationsDir, "autofix.yaml")).Replace("autofix }", "auto-fix }", StringComparison.Ordinal));
        await Waiting.UntilAsync(
            async () => (await engine.GetJsonAsync("/api/deliveries/typo-2")).GetProperty("automations").EnumerateArray().Any(a => a.GetProperty("outcome").GetString() == "match"),
            TimeSpan.FromSeconds(20),
            "the fixed definition is loaded");
        await page.GotoAsync("/deliveries/github/typo-2");
        await Expect(page.Locator("[data-verdicts] tr[data-automation=autofix]")).ToContainTextAsync("match");

        await page.Locator(".controls summary", new() { HasText = "Replay" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, replay it" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("Replayed typo-2: accepted, 1 session(s) started.");
        await Expect(page.Locator("[data-role=outcome]")).ToHaveTextAsync("accepted");
        var replayId = await page.Locator("[data-delivery-page]").GetAttributeAsync("data-delivery-page");
        var replay = await engine.GetJsonAsync($"/api/deliveries/{replayId}");
        Assert.Equal("typo-2", replay.GetProperty("replayOf").GetString());
        var sessionId = replay.GetProperty("sessions").EnumerateArray().Single().GetProperty("id").GetString()!;
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        Assert.Equal("fixed", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIXED.md"));

        await page.Locator("[data-sessions] a").ClickAsync();
        await Expect(page.Locator(".session-head")).ToHaveAttributeAsync("data-session", sessionId);
        Assert.Empty((await engine.GetJsonAsync("/api/deliveries/typo-2")).GetProperty("sessions").EnumerateArray());
    }

    [BrowserFact]
    public async Task ADeliveryWhoseStoredBodyIsDamaged_ItsPageSaysSo_AndShowsTheRest()
    {
        var (engine, browser, page) = await StartAsync();
        await using var _ = engine;
        await using var __ = browser;
        await ConsoleScenario.DeliverAsync(engine, "d-damaged");
        using (var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_setup.DataDir, "automations.db")};Pooling=False"))
        {
            store.Open();
            using var damage = store.CreateCommand();
            damage.CommandText = "UPDATE deliveries SET body = x'00ff00ff00ff', body_size = 12000 WHERE delivery_id = 'd-damaged'";
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        await page.GotoAsync("/deliveries/github/d-damaged");

        await Expect(page.Locator("[data-body-error]")).ToContainTextAsync("its stored body cannot be read (a stored delivery body does not unpack");
        await Expect(page.Locator("h1")).ToContainTextAsync("github.issues.labeled");
        await Expect(page.Locator("h1 [data-role=outcome]")).ToHaveTextAsync("accepted");
    }
}
