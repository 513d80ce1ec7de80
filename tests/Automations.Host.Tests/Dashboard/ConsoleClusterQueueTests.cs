using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// The queue page of a cluster: two real engines on one PostgreSQL database, one of them without workers.
/// Each instance's page shows both, with the session the other one runs; a graceful stop takes an instance out.
/// The deliveries pages read the same store.
/// </summary>
public sealed class ConsoleClusterQueueTests : IAsyncLifetime
{
    private readonly EngineSetup _setup = new();
    private readonly EngineCluster _cluster;

    public ConsoleClusterQueueTests() => _cluster = new EngineCluster(_setup, "automations_queue_page");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _setup.Dispose();
    }

    private Task<EngineProcess> StartAsync(string name, string agent, params (string Key, string Value)[] extra) =>
        _cluster.StartAsync(name, agent, extra);

    [BrowserPostgresFact]
    public async Task EachInstancesPage_ShowsBothInstances_AndTheSessionTheOtherRuns()
    {
        _setup.AutofixDefinition();
        var gate = _setup.Shared("go");
        var agent = _setup.Agent("agent", $$"""
            while [ ! -f "{{gate}}" ]; do echo working; sleep 0.1; done
            echo done > DONE.md
            """);
        var front = await StartAsync("front", agent, ("Automations:Worker:Enabled", "false"));
        var back = await StartAsync("back", agent);
        var sessionId = await ConsoleScenario.DeliverAsync(front, "d-cluster-queue");
        await front.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "working");
        await using var browser = await ConsoleBrowser.StartAsync(front.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        await page.GotoAsync("/queue");
        await Expect(page.Locator("[data-instance]")).ToHaveCountAsync(2);
        var frontCard = page.Locator("[data-instance]", new() { HasText = $"pid {front.Id}" });
        var backCard = page.Locator("[data-instance]", new() { HasText = $"pid {back.Id}" });
        await Expect(frontCard).ToContainTextAsync("scheduler, api");
        await Expect(frontCard).Not.ToContainTextAsync("worker,");
        await Expect(backCard).ToContainTextAsync("worker, scheduler, api");
        await Expect(backCard.Locator($"[data-running] [data-session='{sessionId}']")).ToHaveCountAsync(1);
        await Expect(frontCard.Locator("[data-running] [data-session]")).ToHaveCountAsync(0);
        await ConsoleBrowser.ScreenshotAsync(page, "console-queue-cluster");
        var fromBack = await back.GetJsonAsync("/api/queue");
        var fromFront = await front.GetJsonAsync("/api/queue");
        Assert.Equal(Ids(fromFront), Ids(fromBack));

        // The deliveries pages read the same shared store.
        await page.GotoAsync("/deliveries?source=github");
        await page.Locator("[data-deliveries] tr[data-delivery=d-cluster-queue] a").ClickAsync();
        await Expect(page.Locator("[data-verdicts] tr[data-automation=autofix]")).ToContainTextAsync("match");
        await Expect(page.Locator($"[data-sessions] a[href='/sessions/{sessionId}']")).ToHaveCountAsync(1);

        File.WriteAllText(gate, "go");
        await front.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        Assert.Equal(0, await back.StopAsync(TimeSpan.FromSeconds(60)));
        await page.GotoAsync("/queue");
        await Expect(page.Locator("[data-instance]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-instance]")).ToContainTextAsync($"pid {front.Id}");
    }

    private static List<string> Ids(JsonElement queue) =>
        [.. queue.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance").GetProperty("id").GetString()!)];
}
