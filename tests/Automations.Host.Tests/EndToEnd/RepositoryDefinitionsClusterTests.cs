using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Two real <c>automations serve</c> processes on one PostgreSQL database, each with its own data directory
/// (so its own mirror), connected to one repository: a push delivered to one reaches both.
/// </summary>
public sealed class RepositoryDefinitionsClusterTests : IAsyncLifetime
{
    private const string Fix = ".automations/fix.yaml";

    private readonly EngineSetup _setup = new();
    private readonly EngineCluster _cluster;

    public RepositoryDefinitionsClusterTests() => _cluster = new EngineCluster(_setup, "automations_repodefs");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _setup.Dispose();
    }

    private static string Definition(string instructions) => $$"""
        on:
          - github: { event: issues.labeled }
        agent: { use: demo }
        instructions: {{instructions}}
        """;

    [PostgresFact]
    public async Task APushDeliveredToOneInstance_EveryInstanceConvergesOnTheNewCommit()
    {
        var first = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("First.") });
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        foreach (var engine in _cluster.Engines)
        {
            await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(engine)).GetValueOrDefault("acme/web/fix") == first, TimeSpan.FromSeconds(30), "acme/web/fix to load");
        }

        var second = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { [Fix] = Definition("Second.") });
        await RepositoryPushes.PushAsync(a, "acme/web", first, second, Fix);

        // b was told nothing but what a recorded in the store.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Waiting.UntilAsync(async () => (await RepositoryPushes.InForceAsync(b))["acme/web/fix"] == second, TimeSpan.FromSeconds(30), "instance b to converge");
        Assert.Equal(second, (await RepositoryPushes.InForceAsync(a))["acme/web/fix"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"b converged in {clock.Elapsed}");
    }

    private Task<EngineProcess> StartAsync(string instance) => _cluster.StartAsync(
        instance,
        _setup.Agent($"agent-{instance}", "echo done"),
        ("Automations:Repositories:0:Repository", "acme/web"),
        ("Automations:RepositoryDefinitions:PollInterval", "00:00:00.5"));
}
