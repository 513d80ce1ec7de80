using System.Net;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>The queue page with the real engine, a real command agent and chromium: the instance and what it runs, and a dead job's replay.</summary>
public sealed class ConsoleQueueTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private string LateRemote => Path.Combine(_setup.GitRoot, "acme", "late.git");

    [BrowserFact]
    public async Task QueuePage_ShowsTheInstanceWithTheSessionItRuns_AndADeadJobThatReplayBringsBack()
    {
        _setup.AutofixDefinition();

        // Its repository does not exist yet: the workspace cannot be made, and with one attempt the job is dead.
        _setup.Definition("late.yaml", """
            name: late
            on:
              - github: { event: issues.labeled }
            repository: acme/late
            agent: { use: demo }
            instructions: x
            """);
        var gate = _setup.Shared("go");
        var agent = _setup.Agent("agent", $$"""
            while [ ! -f "{{gate}}" ]; do sleep 0.05; done
            echo done > DONE.md
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent, ("Automations:Queue:MaxAttempts", "1")));
        var sessions = await DeliverAsync(engine, "d-queue");
        var running = sessions["autofix"];
        var dead = sessions["late"];
        await engine.WaitForSessionAsync(dead, s => ConsoleScenario.Status(s) == "errored");
        await engine.WaitForSessionAsync(running, s => ConsoleScenario.Status(s) == "working");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, EngineProcess.ApiKey);

        await page.GotoAsync("/queue");
        var instance = page.Locator("[data-instance]");
        await Expect(instance).ToHaveCountAsync(1);
        await Expect(instance).ToContainTextAsync($"pid {engine.Id}");
        await Expect(instance).ToContainTextAsync("worker, scheduler, api");
        await Expect(instance).ToContainTextAsync("alive");
        await Expect(instance.Locator($"[data-running] [data-session='{running}']")).ToHaveTextAsync("autofix");
        await Expect(page.Locator("[data-count=running]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-count=dead]")).ToHaveTextAsync("1");
        var deadRow = page.Locator($"[data-dead] tr[data-job='{dead}']");
        await Expect(deadRow).ToContainTextAsync("late");
        await ConsoleBrowser.ScreenshotAsync(page, "console-queue");

        // A job that is not dead is not replayed; one that does not exist is not found.
        using var notDead = await engine.Http.PostAsync($"/api/jobs/{running}/replay", null);
        using var missing = await engine.Http.PostAsync("/api/jobs/no-such-session/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, notDead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The fix: the repository exists now, and the agent may finish.
        GitRepository.CreateBare(LateRemote, new Dictionary<string, string> { ["README.md"] = "# late\n" });
        File.WriteAllText(gate, "go");
        await deadRow.Locator("summary", new() { HasText = "Replay" }).ClickAsync();
        await deadRow.GetByRole(AriaRole.Button, new() { Name = "Yes, replay it" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync($"Replayed the dead job of session {dead}");
        await engine.WaitForSessionAsync(dead, s => ConsoleScenario.Status(s) == "done");
        await engine.WaitForSessionAsync(running, s => ConsoleScenario.Status(s) == "done");
        Assert.Equal("done", GitRepository.Show(LateRemote, $"automations/late/{dead}", "DONE.md"));
        var statuses = (await ConsoleScenario.EventsAsync(engine, dead)).Where(e => e.GetProperty("type").GetString() == "status").Select(e => e.GetProperty("data").GetProperty("status").GetString()).ToList();
        Assert.Equal(["errored", "queued"], statuses.SkipWhile(s => s != "errored").Take(2));
        Assert.Equal("done", statuses[^1]);
        var queue = await engine.GetJsonAsync("/api/queue");
        Assert.Equal(0, queue.GetProperty("dead").GetInt32());
        Assert.Equal(engine.Id, queue.GetProperty("instances")[0].GetProperty("instance").GetProperty("processId").GetInt32());
        await page.GotoAsync("/queue");
        await Expect(page.Locator("[data-dead]")).ToHaveCountAsync(0);
    }

    /// <summary>Delivers GitHub's <c>issues.labeled</c>, signed; returns its sessions by automation.</summary>
    private static async Task<Dictionary<string, string>> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var detail = await engine.GetJsonAsync($"/api/deliveries/{deliveryId}");
        return detail.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("automation").GetString()!, s => s.GetProperty("id").GetString()!);
    }
}
