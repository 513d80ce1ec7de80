using System.Diagnostics;
using System.Globalization;
using Automations.Agents.Sandbox;
using Automations.Bench;
using Automations.Bench.Prebuilds;

// Time from "job leased" to "agent process started" for a new session on a repository whose setup is
// `npm ci --offline` of --packages packages of --files files each (about 200 MB) from a local cache:
//   prebuild   the engine with `prebuild: { commands: [npm ci --offline ...], paths: [node_modules] }`: the workspace,
//              the newest ready prebuild laid into it, then the agent (`true`) in bubblewrap
//   setup      the engine with `setup: [npm ci --offline ...]`: the workspace, npm ci in bubblewrap, then the agent
// interleaved in one run, alternating which goes first. The first prebuild is built once, before, and reported.
var iterations = Option("--iterations", 7);
var packages = Option("--packages", 100);
var files = Option("--files", 100);
var root = Path.Combine(Path.GetTempPath(), $"automations-bench-prebuilds-{Guid.NewGuid():N}");
Directory.CreateDirectory(root);
try
{
    Console.WriteLine("== machine");
    foreach (var line in MachineInfo.Describe())
    {
        Console.WriteLine(line);
    }

    Console.WriteLine($"node:     {NpmProject.Run(root, "node", "--version")}, npm {NpmProject.Run(root, "npm", "--version")}");
    Console.WriteLine($"fs:       {NpmProject.Run(root, "stat", "-f", "-c", "%T", root)} (where the data directory is)");
    var cache = Path.Combine(root, "npm-packages");
    var bytes = NpmProject.CreateCache(cache, packages, files, fileBytes: 20_000, seed: 20261206);
    var remote = Path.Combine(root, "remote.git");
    NpmProject.CreateRepository(remote, cache, packages, root);
    var url = new Uri(remote).AbsoluteUri;
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== dependencies: {packages} packages of {files} files, {bytes / 1_048_576.0:F0} MiB unpacked, from local tarballs (npm ci --offline)"));

    var choice = SandboxSelection.Choose(new SandboxOptions { Mode = SandboxModes.Bubblewrap, ReadOnlyPaths = [cache] }, Path.Combine(root, "data"), []);
    if (choice.Error is { } error)
    {
        Console.Error.WriteLine($"the benchmark needs bubblewrap: {error}");
        return 1;
    }

    var engine = new SessionStart(Path.Combine(root, "data"), choice.Sandbox, url);
    Console.WriteLine($"== sandbox: {choice.Sandbox.Description}");
    Console.WriteLine($"== prebuild laid as: {(engine.Prebuilds.Links ? "hard links of sealed files (the engine is root)" : "copies (reflinked where the file system can)")}");
    var first = await engine.BuildFirstAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== first prebuild built in {first:F0} ms (once per base commit, then in the background)"));

    List<double> prebuildTotal = [], prebuildLaid = [], setupTotal = [], setupRun = [];
    for (var i = 0; i < iterations; i++)
    {
        var n = i;
        Func<Task>[] paths =
        [
            async () => Add(prebuildTotal, prebuildLaid, await engine.StartAsync($"p{n:D3}", prebuild: true)),
            async () => Add(setupTotal, setupRun, await engine.StartAsync($"s{n:D3}", prebuild: false)),
        ];
        for (var k = 0; k < paths.Length; k++)
        {
            await paths[(i + k) % paths.Length]();
            NpmProject.Run(root, "sync");
        }
    }

    await engine.SettleAsync();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== job leased -> agent process started, {iterations} iterations each, interleaved"));
    Console.WriteLine("path                          median       p95       min       max");
    Row("prebuild", prebuildTotal);
    Row("  of which laying it", prebuildLaid);
    Row("setup per session", setupTotal);
    Row("  of which npm ci", setupRun);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio setup/prebuild: median {Percentile(setupTotal, 50) / Percentile(prebuildTotal, 50):F1}x, p95 {Percentile(setupTotal, 95) / Percentile(prebuildTotal, 95):F1}x"));
    Console.WriteLine($"load:     {File.ReadAllText("/proc/loadavg").Trim()} after the run");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"the benchmark failed: {ex}");
    return 1;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        // A background refill still writing: the temporary folder's cleaner gets the rest.
    }
}

static void Add(List<double> total, List<double> part, (double Total, double Part) sample)
{
    total.Add(sample.Total);
    part.Add(sample.Part);
}

static void Row(string name, List<double> milliseconds) =>
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-25} {Percentile(milliseconds, 50),7:F0} ms {Percentile(milliseconds, 95),6:F0} ms {milliseconds.Min(),6:F0} ms {milliseconds.Max(),6:F0} ms"));

static double Percentile(List<double> values, int percentile) => Automations.Bench.Percentiles.Of(values.Order().ToList(), percentile);

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
