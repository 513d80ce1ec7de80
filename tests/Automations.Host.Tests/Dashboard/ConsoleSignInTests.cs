using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Automations.Host.Tests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Automations.Host.Tests.Dashboard;

/// <summary>Signing in to the console with the real engine and chromium: operator and read-only keys, a wrong key, CSRF.</summary>
public sealed class ConsoleSignInTests : IDisposable
{
    private const string ReadOnlyKey = "test-read-only-key";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [BrowserFact]
    public async Task SignIn_OperatorKeyGetsIn_WrongKeyIsRefused_ReadOnlyKeyCannotStop()
    {
        _setup.AutofixDefinition();
        var gate = _setup.Shared("finish");
        var agent = _setup.Agent("agent", $$"""
            echo "waiting for the test"
            while [ ! -f "{{gate}}" ]; do sleep 0.1; done
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent, ("Automations:Api:ReadOnlyKeys:0", ReadOnlyKey)));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-sign-in");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "working");
        await using var browser = await ConsoleBrowser.StartAsync(engine.BaseAddress);

        // Not signed in: the console sends a person to sign in; a wrong key is refused and leaves no cookie.
        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync("/");
        Assert.EndsWith("/sign-in?returnUrl=%2F", stranger.Url, StringComparison.Ordinal);
        await stranger.FillAsync("#key", "not-a-key");
        await stranger.ClickAsync("button[type=submit]");
        await Expect(stranger.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key is not valid.");
        Assert.DoesNotContain(await stranger.Context.CookiesAsync(), c => c.Name == "automations.console");
        await ConsoleBrowser.ScreenshotAsync(stranger, "console-sign-in");

        // The operator key signs in and lands on the front page, the session in the "working" lane.
        var operatorPage = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(operatorPage, EngineProcess.ApiKey);
        Assert.Equal(engine.BaseAddress.ToString(), operatorPage.Url);
        var cookie = Assert.Single(await operatorPage.Context.CookiesAsync(), c => c.Name == "automations.console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(EngineProcess.ApiKey, cookie.Value, StringComparison.Ordinal);
        await Expect(operatorPage.Locator($"[data-lane=working] [data-session='{sessionId}']")).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(operatorPage, "console-sessions");

        // A post without the form's antiforgery token is refused, even with the cookie.
        var forged = await operatorPage.APIRequest.PostAsync($"/console/sessions/{sessionId}/stop", new() { Form = operatorPage.APIRequest.CreateFormData(), MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);

        // Read-only: sees the session but no Stop, and the server refuses the stop all the same.
        var reader = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(reader, ReadOnlyKey);
        await reader.GotoAsync($"/sessions/{sessionId}");
        await Expect(reader.Locator(".session-head [data-role=status]")).ToHaveTextAsync("working");
        Assert.Equal(0, await reader.Locator(".controls summary, .controls button").CountAsync());
        var token = await reader.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = reader.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var refused = await reader.APIRequest.PostAsync($"/console/sessions/{sessionId}/stop", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(403, refused.Status);
        await ConsoleBrowser.ScreenshotAsync(reader, "console-read-only");

        // Over /api too: a read-only bearer key reads, and gets 403 on a change.
        using var api = new HttpClient { BaseAddress = engine.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadOnlyKey);
        using var read = await api.GetAsync($"/api/sessions/{sessionId}");
        using var stop = await api.PostAsync($"/api/sessions/{sessionId}/stop", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Equal("working", ConsoleScenario.Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));

        File.WriteAllText(gate, "go");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
    }
}
