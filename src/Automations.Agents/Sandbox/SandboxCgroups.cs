using System.Globalization;

namespace Automations.Agents.Sandbox;

/// <summary>
/// A memory and a process limit for each sandbox, through a cgroup of its own, where the host lets the
/// engine make cgroups: cgroup v1's <c>memory</c> and <c>pids</c> hierarchies below the engine's own, or a
/// cgroup v2 subtree delegated to it (the engine moves itself into a leaf of it, as a delegated service
/// must, and enables both controllers for its children). A sandbox's launcher joins its cgroups before
/// anything else runs (<see cref="Launcher"/>); a cgroup whose processes are all gone is removed later.
/// </summary>
public sealed class SandboxCgroups
{
    private const string Prefix = "sandbox-";

    private readonly IReadOnlyList<(string Directory, string Controller)> _bases;
    private readonly bool _v2;

    private SandboxCgroups(IReadOnlyList<(string, string)> bases, bool v2)
    {
        _bases = bases;
        _v2 = v2;
    }

    public string Description => _v2 ? "cgroup v2 memory and pids" : "cgroup v1 memory and pids";

    /// <summary>The cgroups the engine may make sandboxes' cgroups under; null where it may not.</summary>
    public static SandboxCgroups? Find(string selfCgroup = "/proc/self/cgroup", string root = "/sys/fs/cgroup")
    {
        try
        {
            var lines = File.ReadAllLines(selfCgroup).Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
            var memory = lines.FirstOrDefault(p => p[1].Split(',').Contains("memory"));
            var pids = lines.FirstOrDefault(p => p[1].Split(',').Contains("pids"));
            if (memory is not null && pids is not null)
            {
                var bases = new[] { (Path.Combine(root, "memory") + memory[2], "memory"), (Path.Combine(root, "pids") + pids[2], "pids") }
                    .Select(b => (Path.Combine(b.Item1.TrimEnd('/'), "automations-sandboxes"), b.Item2)).ToList();
                bases.ForEach(b => Directory.CreateDirectory(b.Item1));
                return new SandboxCgroups(bases, v2: false);
            }

            var unified = lines.FirstOrDefault(p => p[0] == "0" && p[1].Length == 0);
            return unified is not null ? Delegated(Path.Combine(root, unified[2].TrimStart('/'))) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// A cgroup for one sandbox with its limits; answers the <c>cgroup.procs</c> files its launcher joins.
    /// Cgroups of sandboxes that ended a minute ago or more are removed first.
    /// </summary>
    public IReadOnlyList<string> Create(long memoryBytes, int processes)
    {
        Sweep(TimeSpan.FromMinutes(1));
        var name = Prefix + Guid.NewGuid().ToString("N");
        var procs = new List<string>();
        foreach (var (directory, controller) in _bases)
        {
            var cgroup = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            foreach (var (file, value) in Limits(controller, memoryBytes, processes))
            {
                if (File.Exists(Path.Combine(cgroup, file)))
                {
                    File.WriteAllText(Path.Combine(cgroup, file), value);
                }
            }

            procs.Add(Path.Combine(cgroup, "cgroup.procs"));
        }

        return procs.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Why a sandbox whose launcher joined <paramref name="procs"/> was killed, when its cgroup knows: it ran out of memory.</summary>
    public static string? Explain(IEnumerable<string> procs, long memoryBytes)
    {
        foreach (var directory in procs.Select(Path.GetDirectoryName).OfType<string>())
        {
            foreach (var file in new[] { "memory.oom_control", "memory.events" })
            {
                var path = Path.Combine(directory, file);
                if (File.Exists(path) && File.ReadLines(path).Any(l => l.StartsWith("oom_kill ", StringComparison.Ordinal) && l.Split(' ')[1] != "0"))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"it used more than its memory limit of {memoryBytes / (1024 * 1024)} MiB (Automations:Sandbox:MaxMemoryBytes), and the kernel killed it");
                }
            }
        }

        return null;
    }

    /// <summary>The shell that joins the cgroups, then becomes the rest of the command line: <c>sh -c LAUNCHER sh PROCS... -- COMMAND...</c>.</summary>
    public const string Launcher = """
        while [ "$1" != -- ]; do
          echo $$ > "$1" || { echo "sandbox: cannot join the cgroup $1" >&2; exit 125; }
          shift
        done
        shift
        exec "$@"
        """;

    /// <summary>Removes the sandboxes' cgroups whose processes are gone (a cgroup that still has some cannot be removed).</summary>
    public void Sweep(TimeSpan olderThan)
    {
        foreach (var (directory, _) in _bases)
        {
            foreach (var cgroup in Directory.EnumerateDirectories(directory, Prefix + "*"))
            {
                if (TimeProvider.System.GetUtcNow() - new DateTimeOffset(Directory.GetLastWriteTimeUtc(cgroup), TimeSpan.Zero) >= olderThan)
                {
                    try
                    {
                        Directory.Delete(cgroup);
                    }
                    catch (IOException)
                    {
                        // Still in use.
                    }
                }
            }
        }
    }

    private static IEnumerable<(string File, string Value)> Limits(string controller, long memoryBytes, int processes)
    {
        var memory = memoryBytes.ToString(CultureInfo.InvariantCulture);
        return controller switch
        {
            "memory" => [("memory.limit_in_bytes", memory), ("memory.memsw.limit_in_bytes", memory)],
            "pids" => [("pids.max", processes.ToString(CultureInfo.InvariantCulture))],
            _ => [("memory.max", memory), ("memory.swap.max", "0"), ("pids.max", processes.ToString(CultureInfo.InvariantCulture))],
        };
    }

    /// <summary>
    /// A cgroup v2 subtree the engine owns: it moves itself into a leaf (<c>automations-engine</c>) and
    /// enables memory and pids for its children, so that sandboxes' cgroups are siblings of that leaf.
    /// </summary>
    private static SandboxCgroups? Delegated(string directory)
    {
        var controllers = File.ReadAllText(Path.Combine(directory, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
        if (!controllers.Contains("memory") || !controllers.Contains("pids"))
        {
            return null;
        }

        var enabled = File.ReadAllText(Path.Combine(directory, "cgroup.subtree_control")).Split(' ', StringSplitOptions.TrimEntries);
        if (!enabled.Contains("memory") || !enabled.Contains("pids"))
        {
            var leaf = Directory.CreateDirectory(Path.Combine(directory, "automations-engine")).FullName;
            File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(directory, "cgroup.subtree_control"), "+memory +pids");
        }

        return new SandboxCgroups([(directory, "unified")], v2: true);
    }
}
