using System.Diagnostics;
using System.Globalization;
using Automations.Bench;
using Automations.Bench.Latency;
using Npgsql;

// Event to agent, four scenarios in one run: SQLite (one instance) and PostgreSQL (two instances sharing
// the store, each probe sent to the next one in turn), each idle and under a steady load of deliveries.
var probes = Option("--probes", 40);
var rate = Option("--rate", 200);
var engineDll = Text("--engine") ?? throw new InvalidOperationException("--engine <path to automations.dll> is required");
var postgres = Text("--postgres");

Console.WriteLine("== machine");
foreach (var line in MachineInfo.Describe())
{
    Console.WriteLine(line);
}

Console.WriteLine();
Console.WriteLine($"== from the webhook's first byte to the agent's process running, {probes} probes a scenario, one every 250 ms (ms)");
Console.WriteLine("| store | instances | load | received p50 | answered p50 | job taken p50 | workspace p50 | **agent p50** | **agent p99** | agent max | fetched on the path | noise sent (failed) |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
var failures = 0;
foreach (var (store, instances) in new[] { ("sqlite", 1), ("postgres", 2) })
{
    if (store == "postgres" && postgres is null)
    {
        Console.WriteLine("| postgres | 2 | - | skipped: no --postgres connection | | | | | | | | |");
        continue;
    }

    foreach (var load in new[] { 0, rate })
    {
        failures += await ScenarioAsync(store, instances, load);
    }
}

return failures == 0 ? 0 : 1;

async Task<int> ScenarioAsync(string store, int instances, int load)
{
    var root = Path.Combine(Path.GetTempPath(), $"automations-bench-latency-{Guid.NewGuid():N}");
    var schema = $"bench_latency_{Guid.NewGuid():N}"[..30];
    Directory.CreateDirectory(root);
    try
    {
        var settings = Workspace.Prepare(root);
        if (store == "postgres")
        {
            await ExecuteAsync(postgres!, $"CREATE SCHEMA {schema}");
            settings["Automations__Store__Provider"] = "postgres";
            settings["Automations__Store__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ConnectionString;
        }

        await using var engines = await Engines.StartAsync(engineDll, root, instances, settings);
        // Warm: the mirror cloned, the warm repositories checked out, the first session's code paths jitted.
        var body = Deliveries.Body("probe");
        for (var i = 0; i < instances * 2; i++)
        {
            var warm = await Probe.SendAsync(engines.Clients[i % instances], body, -1 - i);
            await WaitAsync(engines.Clients[0], warm);
        }

        // GitHub tells the engine of pushes to the repository: one push names main's head, as after any push to it,
        // so the mirror is known to be current (README, "When a new workspace fetches"). It reaches one instance;
        // on PostgreSQL the other hears of it through the store, and fetches its own mirror off the path.
        var head = BenchProcesses.Git(Path.Combine(root, "git", "acme", "web.git"), "rev-parse", "main");
        using (var push = Deliveries.Request(Deliveries.Push(head), $"push-{Guid.NewGuid():N}", "push"))
        {
            (await engines.Clients[0].SendAsync(push)).EnsureSuccessStatusCode();
        }

        await Task.Delay(1000);
        using var stop = new CancellationTokenSource();
        var noise = new Noise(engines.Clients, load);
        var noisy = noise.RunAsync(stop.Token);
        await Task.Delay(load == 0 ? 0 : 2000);
        var sent = new List<Probe>();
        for (var i = 0; i < probes; i++)
        {
            sent.Add(await Probe.SendAsync(engines.Clients[i % instances], body, i));
            await Task.Delay(250);
        }

        var steps = new List<Steps>();
        foreach (var probe in sent)
        {
            steps.Add(await WaitAsync(engines.Clients[0], probe));
        }

        await stop.CancelAsync();
        await noisy;
        var agent = steps.Select(s => s.Agent).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {instances} | {(load == 0 ? "idle" : $"{load}/s")} | {P50(s => s.Received)} | {P50(s => s.Answered)} | {P50(s => s.Taken)} | {P50(s => s.Workspace)} | **{Percentiles.Of(agent, 50):0.0}** | **{Percentiles.Of(agent, 99):0.0}** | {agent[^1]:0.0} | {steps.Count(s => s.Fetched)} of {steps.Count} | {noise.Sent:N0} ({noise.Failed}) |"));
        return noise.Failed == 0 ? 0 : 1;

        string P50(Func<Steps, double> step) => Percentiles.Of(steps.Select(step).Order().ToList(), 50).ToString("0.0", CultureInfo.InvariantCulture);
    }
    finally
    {
        if (store == "postgres")
        {
            await ExecuteAsync(postgres!, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"left {root}: {ex.Message}");
        }
    }
}

static async Task<Steps> WaitAsync(HttpClient engine, Probe probe)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(120))
    {
        if (await probe.StepsAsync(engine) is { } steps)
        {
            return steps;
        }

        await Task.Delay(100);
    }

    throw new TimeoutException($"the agent of {probe.SessionId} did not start within 120 s");
}

static async Task ExecuteAsync(string connection, string sql)
{
    await using var data = NpgsqlDataSource.Create(connection);
    await using var command = data.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;
}

string? Text(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
