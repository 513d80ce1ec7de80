using System.Diagnostics;
using System.Globalization;
using Automations.Agents.Processes;
using Automations.Agents.Workspaces;
using Automations.Bench.Workspaces;
using Automations.Core.Ports;

// Time from "job leased" to "agent process started" for a new session:
//   warm    GitWorkspaceProvider.PrepareAsync on a cached mirror with a warm worktree ready (fetch, worktree move, checkout -B), then `true` started in it
//   mirror  the same with no warm worktree (fetch, worktree add of every file), then `true`
//   clone   a fresh `git clone` of the same repository, `git checkout -b` of the session's branch, then `true` started in it
// interleaved in one run, rotating which goes first. The warm pool is refilled, untimed, before each warm start.
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

    var git = new Git(TimeProvider.System);
    var provider = new GitWorkspaceProvider(new Mirrors(git, Path.Combine(root, "mirrors")), Path.Combine(root, "workspaces"), warmWorktrees: 0);
    var warmProvider = new GitWorkspaceProvider(new Mirrors(git, Path.Combine(root, "warm-mirrors")), Path.Combine(root, "warm-workspaces"), warmWorktrees: 1);
    var clones = Path.Combine(root, "clones");
    Directory.CreateDirectory(clones);

    // The mirror is cloned once, before the measurements: the cached state every later session finds.
    var warm = await provider.PrepareAsync(new WorkspaceRequest("warm-up", url, "main", "automations/bench/warm-up"), CancellationToken.None);
    await StartAgentAsync(warm.Path, warm.HomeDirectory);
    await provider.RemoveAsync("warm-up", CancellationToken.None);

    await warmProvider.WarmAsync(url, "main", CancellationToken.None);

    var warmStart = new List<double>();
    var mirror = new List<double>();
    var mirrorPrepare = new List<double>();
    var clone = new List<double>();
    for (var i = 0; i < iterations; i++)
    {
        async Task WarmAsync()
        {
            var session = $"w{i:D3}";
            await warmProvider.WarmAsync(url, "main", CancellationToken.None);
            var started = Stopwatch.GetTimestamp();
            var workspace = await warmProvider.PrepareAsync(new WorkspaceRequest(session, url, "main", $"automations/bench/{session}"), CancellationToken.None);
            await StartAgentAsync(workspace.Path, workspace.HomeDirectory);
            warmStart.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (Directory.EnumerateFiles(workspace.Path, "*", SearchOption.AllDirectories).Take(files).Count() < files)
            {
                throw new InvalidOperationException("the warm worktree is not checked out");
            }

            await warmProvider.RemoveAsync(session, CancellationToken.None);
        }

        async Task MirrorAsync()
        {
            var session = $"m{i:D3}";
            var started = Stopwatch.GetTimestamp();
            var workspace = await provider.PrepareAsync(new WorkspaceRequest(session, url, "main", $"automations/bench/{session}"), CancellationToken.None);
            var prepared = Stopwatch.GetTimestamp();
            await StartAgentAsync(workspace.Path, workspace.HomeDirectory);
            mirror.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            mirrorPrepare.Add(Stopwatch.GetElapsedTime(started, prepared).TotalMilliseconds);
            await provider.RemoveAsync(session, CancellationToken.None);
        }

        async Task CloneAsync()
        {
            var session = $"c{i:D3}";
            var directory = Path.Combine(clones, session);
            var path = Path.Combine(directory, "repo");
            var home = Path.Combine(directory, "home");
            var started = Stopwatch.GetTimestamp();
            Directory.CreateDirectory(home);
            await git.RunAsync(directory, ["clone", "--quiet", "--no-tags", "--single-branch", "--branch", "main", "--", url, path], CancellationToken.None);
            await git.RunAsync(path, ["checkout", "--quiet", "-b", $"automations/bench/{session}"], CancellationToken.None);
            await StartAgentAsync(path, home);
            clone.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Directory.Delete(directory, recursive: true);
        }

        Func<Task>[] paths = [WarmAsync, MirrorAsync, CloneAsync];
        for (var k = 0; k < paths.Length; k++)
        {
            await paths[(i + k) % paths.Length]();
        }
    }

    // The last warm start's refill runs in the background; it ends before the folder goes.
    await warmProvider.WarmAsync(url, "main", CancellationToken.None);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== job leased -> agent process started, {iterations} iterations each, interleaved"));
    Console.WriteLine("path                         median       p95       min       max");
    Row("warm worktree", warmStart);
    Row("mirror+worktree", mirror);
    Row("  of which PrepareAsync", mirrorPrepare);
    Row("fresh clone+checkout", clone);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio clone/warm:   median {Percentile(clone, 50) / Percentile(warmStart, 50):F1}x, p95 {Percentile(clone, 95) / Percentile(warmStart, 95):F1}x"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio clone/mirror: median {Percentile(clone, 50) / Percentile(mirror, 50):F1}x, p95 {Percentile(clone, 95) / Percentile(mirror, 95):F1}x"));
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

// The agent's process: `true`, started and waited for the way the runtime starts agents.
static async Task StartAgentAsync(string workingDirectory, string home)
{
    var outcome = await ProcessSupervisor.RunAsync(
        new ProcessSpec
        {
            FileName = "true",
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
                ["HOME"] = home,
            },
            Timeout = TimeSpan.FromSeconds(30),
        },
        (_, _) => ValueTask.CompletedTask,
        TimeProvider.System,
        CancellationToken.None);
    if (outcome.ExitCode != 0)
    {
        throw new InvalidOperationException($"the agent process exited with {outcome.ExitCode}");
    }
}

static void Row(string name, List<double> milliseconds) =>
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-24} {Percentile(milliseconds, 50),7:F0} ms {Percentile(milliseconds, 95),6:F0} ms {milliseconds.Min(),6:F0} ms {milliseconds.Max(),6:F0} ms"));

// Nearest rank.
static double Percentile(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
    return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
