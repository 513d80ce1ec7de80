using System.Net;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Automations.Host.Tests.Functions;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// The console in Functions mode: the real handler behind the host's stand-in, which forwards the api function's
/// requests as they came. Sign-in, the front page and a session's page come through the api function, and the
/// transcript follows the session by asking for new events, since the host carries no WebSocket.
/// </summary>
public sealed class ConsoleFunctionsTests : FunctionsHandlerTests
{
    [BrowserFact]
    public async Task Console_ThroughTheApiFunction_SignsIn_AndTheTranscriptPollsNewText()
    {
        Setup.AutofixDefinition();
        var gate = Setup.Shared("speak");
        var end = Setup.Shared("end");
        var agent = Setup.Agent("agent", $$"""
            echo "before the gate"
            while [ ! -f "{{gate}}" ]; do sleep 0.05; done
            for i in 1 2 3; do echo "polled line $i"; sleep 0.2; done
            while [ ! -f "{{end}}" ]; do sleep 0.05; done
            """);
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(agent));
        await using var host = await FunctionsHostStandIn.StartAsync(Handler);
        var sessionId = await DeliverAsync(host.Url, Handler);
        await using var browser = await ConsoleBrowser.StartAsync(host.Url);
        var page = await browser.NewPageAsync();

        await ConsoleBrowser.SignInAsync(page, FunctionsHandlerProcess.ApiKey);
        await Expect(page.Locator($"[data-session='{sessionId}']")).ToBeVisibleAsync();
        await page.GotoAsync($"/sessions/{sessionId}");
        var transcript = page.Locator("[data-transcript]");
        await Expect(transcript).ToHaveAttributeAsync("data-transport", "poll");
        await Expect(transcript).ToHaveAttributeAsync("data-connected", "true");
        await Expect(transcript).ToContainTextAsync("before the gate");
        await page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");

        File.WriteAllText(gate, "open");

        await Expect(transcript).ToContainTextAsync("polled line 3");
        Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.sameDocument ?? null"));
        await ConsoleBrowser.ScreenshotAsync(page, "console-functions");
        File.WriteAllText(end, "done");
        await host.DrainAsync();
        Assert.Equal("done", (await Handler.ApiAsync("GET", $"/sessions/{sessionId}")).Body.GetProperty("status").GetString());

        // The automations page comes through the api function too, with the pauses and records in the store.
        await page.GotoAsync("/automations");
        await Expect(page.Locator("[data-automation=autofix] a.title")).ToHaveTextAsync("autofix");
        await Expect(page.Locator("[data-automation=autofix]")).ToHaveAttributeAsync("data-paused", "false");
    }

    /// <summary>A signed <c>issues.labeled</c> to the github function, through the host; the session it started.</summary>
    private static async Task<string> DeliverAsync(Uri host, FunctionsHandlerProcess handler)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var http = new HttpClient { BaseAddress = host };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", "d-functions-console");
        request.Headers.Add("X-Hub-Signature-256", EngineSetup.Sign(body));
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}\n{handler.Output}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("sessions")[0].GetString()!;
    }
}
