using System.Diagnostics;
using System.Globalization;
using Automations.Host.Dashboard;
using Automations.Host.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>A session of more than 10,000 events: its page renders the latest page only, and pages back.</summary>
public sealed class ConsoleLongSessionTests(ITestOutputHelper output) : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [BrowserFact]
    public async Task LongSession_RendersItsLatestPageQuickly_AndPagesBack()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", "seq 1 10000");
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-console-long");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done", TimeSpan.FromMinutes(3));
        Assert.True((await ConsoleScenario.EventsAsync(engine, sessionId)).Count > 10_000);
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        // The server's answer, timed as a browser's fetch of the HTML (with its cookie), after one warm-up.
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await page.APIRequest.GetAsync($"/sessions/{sessionId}");
            await response.BodyAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(200, response.Status);
        }

        var median = times.Skip(1).Order().ElementAt(2);
        output.WriteLine($"A 10,000-event session's page: median {median:0} ms, slowest {times.Skip(1).Max():0} ms (first {times[0]:0} ms)");
        Assert.True(median < 1000, $"the page took {median:0} ms");

        await page.GotoAsync($"/sessions/{sessionId}");
        var items = page.Locator("[data-items] [data-seq]");
        var log = page.Locator("[data-items] .item.log pre");
        await Expect(log).ToContainTextAsync("10000");
        Assert.DoesNotContain("\n9000\n", await log.InnerTextAsync(), StringComparison.Ordinal);
        var onePage = await items.CountAsync();
        Assert.True(onePage < 50, $"the page holds {onePage} blocks");
        await Expect(page.Locator("[data-prompt]")).ToContainTextAsync("Fix issue #1347");
        await page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");
        var firstSeq = long.Parse(await page.Locator("[data-transcript] [data-first-seq]").InnerTextAsync(), CultureInfo.InvariantCulture);

        // "Show earlier" fetches the page before into this one, above the blocks shown; the live page stays live.
        await page.GetByRole(AriaRole.Link, new() { Name = "Show earlier" }).ClickAsync();
        await Expect(page.Locator("[data-items]")).ToContainTextAsync("\n9500\n");
        var transcript = await page.Locator("[data-items]").InnerTextAsync();
        Assert.True(transcript.IndexOf("\n9500\n", StringComparison.Ordinal) < transcript.IndexOf("\n10000", StringComparison.Ordinal), "the earlier page is above the latest");
        var twoPages = await items.CountAsync();
        Assert.InRange(twoPages, onePage + 1, 2 * onePage + 1);
        Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.sameDocument ?? null"));
        await Expect(page.Locator("[data-transcript]")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("[data-transcript] [data-first-seq]")).ToHaveTextAsync((firstSeq - Transcript.PageSize).ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Show earlier" })).ToHaveAttributeAsync("data-earlier", (firstSeq - Transcript.PageSize).ToString(CultureInfo.InvariantCulture));
        await ConsoleBrowser.ScreenshotAsync(page, "console-long-session");
    }
}
