using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Automations in the repositories they act on: a real engine connected to real git remotes (bare
/// repositories standing in for the git host), their <c>.automations/</c> read through the engine's mirror,
/// changed by pushes that GitHub announces with a signed <c>push</c> delivery.
/// </summary>
public sealed class RepositoryDefinitionsTests : IAsyncLifetime
{
    private const string Fix = ".automations/fix.yaml";

    private readonly EngineSetup _setup = new();
    private EngineProcess? _engine;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        _setup.Dispose();
    }

    private static string Definition(string instructions, string extra = "") => $$"""
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        {{extra}}agent: { use: demo }
        instructions: {{instructions}}
        """;

    [Fact]
    public async Task ConnectedRepository_DeliveryMatches_AndPushesChangeTheVersionInForce_UnlessTheyBreakIt()
    {
        var first = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("Fix it, first version.") });
        _engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo done"), [
            ("Automations:Repositories:0:Repository", "acme/web"),
            ("Automations:RepositoryDefinitions:PollInterval", "00:00:00.2")]));
        await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(_engine)).GetValueOrDefault("acme/web/fix") == first, TimeSpan.FromSeconds(30), "acme/web/fix to load");

        // A delivery matches it; the session names the repository, path and commit.
        var session = await SessionOfAsync(await RepositoryPushes.LabeledAsync(_engine, "d-1"));
        Assert.Equal("acme/web/fix", session.GetProperty("automation").GetString());
        Assert.Equal(JsonSerializer.SerializeToElement(new { repository = "acme/web", path = Fix, commit = first }).ToString(), session.GetProperty("definition").ToString());
        var planned = await _engine.WaitForSessionAsync(session.GetProperty("id").GetString()!, s => s.GetProperty("branch").ValueKind == JsonValueKind.String);
        Assert.StartsWith("automations/acme/web/fix/", planned.GetProperty("branch").GetString(), StringComparison.Ordinal);

        // A push that changes it: the next delivery runs under the new commit.
        var second = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("Fix it, second version.") });
        await RepositoryPushes.PushAsync(_engine, "acme/web", first, second, Fix);
        await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(_engine))["acme/web/fix"] == second, TimeSpan.FromSeconds(30), "the push to load");
        Assert.Equal(second, (await SessionOfAsync(await RepositoryPushes.LabeledAsync(_engine, "d-2"))).GetProperty("definition").GetProperty("commit").GetString());

        // A push that breaks it: the second version stays in force, and the problem is reported with its commit.
        var broken = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("x", "  - github: { event: issues.nonsense }\n") });
        await RepositoryPushes.PushAsync(_engine, "acme/web", second, broken, Fix);
        JsonElement problem = default;
        await Waiting.UntilAsync(
            async () => (await _engine.GetJsonAsync("/api/automations")).GetProperty("errors").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } e && (problem = e).GetProperty("commit").GetString() == broken,
            TimeSpan.FromSeconds(30),
            "the broken push to be reported");
        Assert.Equal("acme/web", problem.GetProperty("repository").GetString());
        Assert.Equal("acme/web:.automations/fix.yaml", problem.GetProperty("file").GetString());
        Assert.False(problem.GetProperty("inForce").GetBoolean());
        Assert.Equal(second, (await RepositoryPushes.InForceAsync(_engine))["acme/web/fix"]);
        Assert.Equal(second, (await SessionOfAsync(await RepositoryPushes.LabeledAsync(_engine, "d-3"))).GetProperty("definition").GetProperty("commit").GetString());
    }

    [Fact]
    public async Task ARepositoryActsOnItself_OthersOnlyWhenAllowed_AndItsGitHubTriggersIgnoreOtherRepositories()
    {
        var api = Path.Combine(_setup.GitRoot, "acme", "api.git");
        GitRepository.CreateBare(api, new Dictionary<string, string>
        {
            ["README.md"] = "# api\n",
            [".automations/deploy.yaml"] = Definition("Fix the web app.", "repository: acme/web\n"),
        });
        GitRepository.Commit(_setup.Remote, new Dictionary<string, string?>
        {
            [Fix] = Definition("Fix it."),
            [".automations/reach.yaml"] = Definition("Reach out.", "repository: acme/api\n"),
        });
        _engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", "echo done"), [
            ("Automations:Repositories:0:Repository", "acme/web"),
            ("Automations:Repositories:1:Repository", "acme/api"),
            ("Automations:Repositories:1:AllowTargets:0", "acme/web")]));
        await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(_engine)).Count == 2, TimeSpan.FromSeconds(30), "both repositories to load");

        var automations = await _engine.GetJsonAsync("/api/automations");
        var refused = Assert.Single(automations.GetProperty("errors").EnumerateArray());
        Assert.Equal(
            "repository 'acme/api' is not acme/web: a definition in acme/web acts on it alone, unless Automations:Repositories:0:AllowTargets lists 'acme/api'",
            refused.GetProperty("message").GetString());
        Assert.Equal(["acme/api/deploy", "acme/web/fix"], (await RepositoryPushes.InForceAsync(_engine)).Keys.Order(StringComparer.Ordinal));

        // acme/api's automation acts on acme/web, but its GitHub trigger fires for acme/api's events alone.
        Assert.Equal(["acme/web/fix"], Names(await RepositoryPushes.LabeledAsync(_engine, "web-1")));
        Assert.Equal(["acme/api/deploy"], Names(await RepositoryPushes.LabeledAsync(_engine, "api-1", "acme/api")));
        var explained = await _engine.GetJsonAsync("/api/deliveries/web-1");
        Assert.Contains("github trigger of acme/api does not fire for acme/web", explained.ToString(), StringComparison.Ordinal);

        // By hand, by its qualified name.
        using var run = await _engine.Http.PostAsync("/api/automations/acme/web/fix/run", null);
        Assert.True(run.StatusCode == System.Net.HttpStatusCode.Accepted, await run.Content.ReadAsStringAsync() + _engine.Output);
        var ran = await SessionOfAsync(JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement);
        Assert.Equal("acme/web/fix", ran.GetProperty("automation").GetString());
    }

    private static IEnumerable<string> Names(JsonElement answer) => answer.GetProperty("matched").EnumerateArray().Select(m => m.GetString()!);

    private async Task<JsonElement> SessionOfAsync(JsonElement answer)
    {
        var id = Assert.Single(answer.GetProperty("sessions").EnumerateArray()).GetString()!;
        return await _engine!.GetJsonAsync($"/api/sessions/{id}");
    }
}
