using System.Net;
using System.Text.RegularExpressions;
using Automations.Host.Tests.EndToEnd;
using Automations.Testing;

namespace Automations.Host.Tests.Dashboard;

/// <summary>
/// The console in a cluster: two real engines, each with a data directory of its own, on one PostgreSQL
/// database. The cookie's keys are in the store, so a person signed in on one instance is signed in on the
/// other, and each shows the whole picture.
/// </summary>
public sealed partial class ConsoleClusterTests : IAsyncLifetime
{
    private readonly EngineSetup _setup = new();
    private readonly EngineCluster _cluster;

    public ConsoleClusterTests() => _cluster = new EngineCluster(_setup, "automations_console");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _setup.Dispose();
    }

    [PostgresFact]
    public async Task SignedInOnOneInstance_IsSignedInOnTheOther_WhichShowsTheSessionsOfBoth()
    {
        _setup.AutofixDefinition();
        var first = await StartAsync("a");
        var second = await StartAsync("b");
        var sessionId = await ConsoleScenario.DeliverAsync(first, "d-cluster-console");
        await first.WaitForSessionAsync(sessionId, s => ConsoleScenario.Status(s) == "done");
        var cookies = new CookieContainer();
        using var person = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = first.BaseAddress };
        var token = TokenField().Match(await person.GetStringAsync("/sign-in")).Groups[1].Value;
        using var signIn = await person.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = EngineProcess.ApiKey }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Cookies are not kept per port: the same cookie goes to the other instance, as a load balancer would send it.
        using var front = await person.GetAsync(new Uri(second.BaseAddress, "/"));
        using var polled = await person.GetAsync(new Uri(second.BaseAddress, $"/console/sessions/{sessionId}/events"));

        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Contains($"data-session=\"{sessionId}\"", await front.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.Contains("\"type\":\"status\"", await polled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<EngineProcess> StartAsync(string instance) =>
        _cluster.StartAsync(instance, _setup.Agent($"agent-{instance}", "echo done"));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
