using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Dashboard;

/// <summary>The console's cookie and the read-only role against the real engine, over plain HTTP (no browser).</summary>
public sealed partial class ConsoleCookieTests : IDisposable
{
    private const string ReadOnlyKey = "plain-read-only-key";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task ReadOnlyBearerKey_Reads_ButEveryChangeIs403()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo hi"), ("Automations:Api:ReadOnlyKeys:0", ReadOnlyKey)));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-read-only");
        await engine.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        using var api = new HttpClient { BaseAddress = engine.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadOnlyKey);

        using var list = await api.GetAsync("/api/sessions");
        using var message = await api.PostAsync($"/api/sessions/{sessionId}/messages", JsonContent("""{"text":"again"}"""));
        using var resume = await api.PostAsync($"/api/sessions/{sessionId}/resume", null);
        using var delete = await api.DeleteAsync($"/api/sessions/{sessionId}");
        using var create = await api.PostAsync("/api/sessions", JsonContent("""{"repository":"acme/web","prompt":"x","agent":"demo"}"""));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.All([message, resume, delete, create], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("done", ConsoleScenario.Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
    }

    [Fact]
    public async Task SessionStream_TakesTheConsoleCookie_OnlyFromTheConsolesOwnOrigin()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo hi")));
        var sessionId = await ConsoleScenario.DeliverAsync(engine, "d-cookie");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = engine.BaseAddress };
        var token = TokenField().Match(await browser.GetStringAsync("/sign-in")).Groups[1].Value;
        using var signIn = await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = EngineProcess.ApiKey }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var cookie = cookies.GetCookieHeader(engine.BaseAddress);
        Assert.Contains("automations.console=", cookie, StringComparison.Ordinal);

        Assert.Equal(WebSocketState.Open, await ConnectAsync(engine, sessionId, cookie, engine.BaseAddress.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(WebSocketState.None, await ConnectAsync(engine, sessionId, cookie, "http://evil.example"));
        Assert.Equal(WebSocketState.None, await ConnectAsync(engine, sessionId, cookie, origin: null));
    }

    private static async Task<WebSocketState> ConnectAsync(EngineProcess engine, string sessionId, string cookie, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookie);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await socket.ConnectAsync(new Uri($"ws://{engine.BaseAddress.Authority}/api/sessions/{sessionId}/stream"), CancellationToken.None);
            return socket.State;
        }
        catch (WebSocketException)
        {
            return WebSocketState.None;
        }
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
