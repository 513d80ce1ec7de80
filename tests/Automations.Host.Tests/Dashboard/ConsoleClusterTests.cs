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
    private readonly List<EngineProcess> _engines = [];
    private PostgresTestDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _setup.Dispose();
    }

    [Fact]
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

    private async Task<EngineProcess> StartAsync(string instance)
    {
        _database ??= await PostgresTestDatabase.CreateAsync("automations_console");
        var dataDir = _setup.Combine($"data-{instance}");
        Directory.CreateDirectory(dataDir);
        var engine = await EngineProcess.StartAsync(dataDir, _setup.AutomationsDir, _setup.Settings(
            _setup.Agent($"agent-{instance}", "echo done"),
            ("Automations:Store:Provider", "postgres"),
            ("Automations:Store:ConnectionString", _database.ConnectionString)));
        _engines.Add(engine);
        return engine;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
