using System.Diagnostics;
using System.Globalization;
using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Bench.Workspaces;
using Automations.Core.Ports;

// Time from "job leased" to "agent process started" for a new session on a cached mirror with a warm
// repository ready (refilled, untimed, before each start), on a generated repository of --files files:
//   sandboxed    the engine as it is: GitWorkspaceProvider.PrepareAsync (fetch, refs, the warm repository moved into
//                place and switched to the branch inside the sandbox), then the agent (`true`) through AgentRuntime in bubblewrap
//   unsandboxed  the same layout and runtime with Automations:Sandbox:Mode=none: the difference is the sandbox's cost
//   worktree     the reference from before the sandbox: a warm worktree of the mirror, moved and switched as the engine,
//                then `true` started directly
//   clone        a fresh `git clone` and `git checkout -b`, then `true`
// interleaved in one run, rotating which goes first.
var iterations = Option("--iterations", 20);
var files = Option("--files", 5_000);
var root = Path.Combine(Path.GetTempPath(), $"automations-bench-workspaces-{Guid.NewGuid():N}");
Directory.CreateDirectory(root);
try
{
    Console.WriteLine("== machine");
    foreach (var line in Machine.Describe())
    {
        Console.WriteLine(line);
    }

    var remote = Path.Combine(root, "remote.git");
    var bytes = SampleRepository.Create(remote, files, seed: 20261122);
    var url = new Uri(remote).AbsoluteUri;
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== repository: {files:N0} files, {bytes / 1_048_576.0:F1} MiB, one commit on main, cloned over {url[..7]} (pack protocol, no hard links)"));

    var bubblewrap = SandboxSelection.Choose(new SandboxOptions { Mode = SandboxModes.Bubblewrap }, Path.Combine(root, "sandboxed"), []);
    if (bubblewrap.Error is { } error)
    {
        Console.Error.WriteLine($"the sandboxed path needs bubblewrap: {error}");
        return 1;
    }

    Console.WriteLine($"== sandbox: {bubblewrap.Sandbox.Description}");
    var sandboxed = new EngineStart(Path.Combine(root, "sandboxed"), bubblewrap.Sandbox, url);
    var unsandboxed = new EngineStart(Path.Combine(root, "unsandboxed"), new Unconfined("benchmark"), url);
    var git = new Git(TimeProvider.System);
    var worktree = new WorktreeReference(git, Directory.CreateDirectory(Path.Combine(root, "worktree")).FullName, url);
    await worktree.CloneAsync();
    var clones = Directory.CreateDirectory(Path.Combine(root, "clones")).FullName;

    List<double> sandboxedTotal = [], sandboxedPrepare = [], unsandboxedTotal = [], unsandboxedPrepare = [], before = [], clone = [];
    for (var i = 0; i < iterations; i++)
    {
        var n = i;
        Func<Task>[] paths =
        [
            async () => Add(sandboxedTotal, sandboxedPrepare, await sandboxed.StartAsync($"s{n:D3}")),
            async () => Add(unsandboxedTotal, unsandboxedPrepare, await unsandboxed.StartAsync($"u{n:D3}")),
            async () =>
            {
                await worktree.EnsureWarmAsync();
                var started = Stopwatch.GetTimestamp();
                var path = await worktree.PrepareAsync($"w{n:D3}");
                await StartAsync(path);
                before.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await worktree.RemoveAsync($"w{n:D3}");
                await worktree.EnsureWarmAsync();
            },
            async () =>
            {
                var directory = Path.Combine(clones, $"c{n:D3}");
                var path = Path.Combine(directory, "repo");
                var started = Stopwatch.GetTimestamp();
                await git.RunAsync(clones, ["clone", "--quiet", "--no-tags", "--single-branch", "--branch", "main", "--", url, path], CancellationToken.None);
                await git.RunAsync(path, ["checkout", "--quiet", "-b", $"automations/bench/c{n:D3}"], CancellationToken.None);
                await StartAsync(path);
                clone.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Directory.Delete(directory, recursive: true);
            },
        ];
        for (var k = 0; k < paths.Length; k++)
        {
            await paths[(i + k) % paths.Length]();

            // What the last path wrote and deleted is on disk before the next one is timed.
            await RunAsync("sync", root);
        }
    }

    await sandboxed.SettleAsync();
    await unsandboxed.SettleAsync();
    await worktree.EnsureWarmAsync();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== job leased -> agent process started, {iterations} iterations each, interleaved"));
    Console.WriteLine("path                         median       p95       min       max");
    Row("sandboxed", sandboxedTotal);
    Row("  of which PrepareAsync", sandboxedPrepare);
    Row("unsandboxed", unsandboxedTotal);
    Row("  of which PrepareAsync", unsandboxedPrepare);
    Row("worktree (before)", before);
    Row("fresh clone+checkout", clone);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the sandbox's cost:    median {Percentile(sandboxedTotal, 50) - Percentile(unsandboxedTotal, 50):F0} ms (sandboxed - unsandboxed)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sandbox and layout:    median {Percentile(sandboxedTotal, 50) - Percentile(before, 50):F0} ms (sandboxed - worktree before)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio clone/sandboxed: median {Percentile(clone, 50) / Percentile(sandboxedTotal, 50):F1}x"));
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
    catch (IOException)
    {
        // A background refill still writing: the temporary folder's cleaner gets the rest.
    }
}

static void Add(List<double> total, List<double> prepare, (double Total, double Prepare) sample)
{
    total.Add(sample.Total);
    prepare.Add(sample.Prepare);
}

// The reference paths' agent process: `true`, started and waited for as the runtime did before the sandbox.
static Task StartAsync(string workingDirectory) => RunAsync("true", workingDirectory);

static async Task RunAsync(string program, string workingDirectory)
{
    var outcome = await ProcessSupervisor.RunAsync(
        new ProcessSpec
        {
            FileName = program,
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" },
            Timeout = TimeSpan.FromSeconds(30),
        },
        (_, _) => ValueTask.CompletedTask,
        TimeProvider.System,
        CancellationToken.None);
    if (outcome.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} exited with {outcome.ExitCode}");
    }
}

static void Row(string name, List<double> milliseconds) =>
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-24} {Percentile(milliseconds, 50),7:F0} ms {Percentile(milliseconds, 95),6:F0} ms {milliseconds.Min(),6:F0} ms {milliseconds.Max(),6:F0} ms"));

static double Percentile(List<double> values, int percentile) => Automations.Bench.Percentiles.Of(values.Order().ToList(), percentile);

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
