using System.Globalization;
using Automations.Agents.Processes;

namespace Automations.Agents.Sandbox;

/// <summary>
/// A bubblewrap sandbox per process (ARCHITECTURE.md, "Trust boundaries"). Inside, the process sees the
/// system read-only, the installation of the programs it runs read-only, and only the paths its
/// <see cref="SandboxMounts"/> name; never the whole root file system, the data directory or the engine's
/// home. It runs in user, PID, IPC, UTS and cgroup namespaces of its own (and a network namespace when
/// its network is <c>none</c>), in a session of its own, and dies with its parent. When the engine runs as
/// root, bubblewrap itself is started as the sandbox's unprivileged user (<c>setpriv</c>), so that the
/// kernel, not only the mounts, keeps the engine's files out of reach; <c>prlimit</c> caps that user's
/// processes. Its environment is the one the spec gives, which is also bubblewrap's own (readable inside
/// as <c>/proc/1/environ</c>).
/// </summary>
public sealed class BubblewrapSandbox : IProcessSandbox
{
    private readonly SandboxPrograms _programs;
    private readonly SandboxOptions _options;
    private readonly IReadOnlyList<string> _hidden;
    private readonly bool _asRoot;
    private readonly bool _disableUserNamespaces;
    private readonly string[] _seen;
    private readonly SandboxEtc _etc;
    private readonly SandboxCgroups? _cgroups;

    /// <param name="programs">Where <c>bwrap</c>, <c>setpriv</c> and <c>prlimit</c> are.</param>
    /// <param name="options">The sandbox's settings.</param>
    /// <param name="hidden">What no sandbox may see, even where a bound folder holds it: the data directory, the engine's home.</param>
    /// <param name="asRoot">The engine runs as root: the sandbox drops to <see cref="SandboxOptions.Uid"/>.</param>
    /// <param name="disableUserNamespaces">This <c>bwrap</c> can forbid user namespaces inside (0.8 and later).</param>
    /// <param name="stateDirectory">The sandbox's own folder of the engine's, for its copy of <c>/etc</c>.</param>
    /// <param name="cgroups">Where each sandbox gets a cgroup with its memory and process limits; null where the host allows none.</param>
    public BubblewrapSandbox(SandboxPrograms programs, SandboxOptions options, IReadOnlyList<string> hidden, bool asRoot, bool disableUserNamespaces, string stateDirectory, SandboxCgroups? cgroups = null)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(options);
        _programs = programs;
        _options = options;
        _hidden = [.. hidden.Select(Path.GetFullPath)];
        _asRoot = asRoot;
        _disableUserNamespaces = disableUserNamespaces;
        _seen = [.. SystemPaths.Roots, .. options.ReadOnlyPaths.Select(Path.GetFullPath)];
        _etc = new SandboxEtc(stateDirectory, TimeProvider.System);
        _cgroups = cgroups;
        Uid = asRoot ? (uint)options.Uid : NativeMethods.GetEffectiveUserId();
        Gid = asRoot ? (uint)options.Gid : Uid;
    }

    public bool Confines => true;

    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"bubblewrap (uid {Uid}; {(_cgroups is null ? $"at most {_options.MaxProcesses} processes of its user (prlimit), no memory limit: the host lets the engine make no cgroups" : $"{_cgroups.Description}: {_options.MaxMemoryBytes / (1024 * 1024)} MiB, {_options.MaxProcesses} processes")})");

    /// <summary>The user id sandboxed processes run as.</summary>
    public uint Uid { get; }

    public uint Gid { get; }

    public ProcessSpec Wrap(ProcessSpec spec, SandboxMounts mounts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(mounts);
        // The cgroups' launcher, prlimit, then setpriv (as root), then bwrap: each execs the next, so the
        // group leader is bubblewrap, and everything it starts is in the sandbox's cgroups from the start.
        var chain = new List<string>();
        if (_cgroups is not null)
        {
            chain.AddRange(["/bin/sh", "-c", SandboxCgroups.Launcher, "sh", .. _cgroups.Create(_options.MaxMemoryBytes, _options.MaxProcesses), "--"]);
        }

        if (_programs.Prlimit is { } prlimit)
        {
            chain.AddRange([prlimit, "--core=0"]);
            if (_cgroups is null)
            {
                chain.Add(string.Create(CultureInfo.InvariantCulture, $"--nproc={_options.MaxProcesses}"));
            }

            chain.Add("--");
        }

        if (_asRoot)
        {
            chain.AddRange([_programs.Setpriv!, $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--inh-caps=-all", "--"]);
        }

        chain.Add(_programs.Bwrap);
        var arguments = chain.Skip(1).ToList();
        arguments.AddRange(Namespaces(mounts.Network));
        var bound = new List<string>(_seen);
        arguments.AddRange(SystemMounts(mounts, bound));
        arguments.AddRange(Session(mounts));
        arguments.AddRange(["--", ProgramFolders.Resolve(spec.FileName) ?? spec.FileName, .. spec.Arguments]);
        return spec with { FileName = chain[0], Arguments = arguments, Environment = WithVisiblePath(spec.Environment, bound) };
    }

    public string? Explain(ProcessSpec started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (started.Arguments is not ["-c", SandboxCgroups.Launcher, "sh", ..] arguments)
        {
            return null;
        }

        var procs = arguments.Skip(3).TakeWhile(a => a != "--");
        return SandboxCgroups.Explain(procs, _options.MaxMemoryBytes);
    }

    public ProcessSpec AsUser(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _asRoot
            ? spec with { FileName = _programs.Setpriv!, Arguments = [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--inh-caps=-all", "--", ProgramFolders.Resolve(spec.FileName) ?? spec.FileName, .. spec.Arguments] }
            : spec;
    }

    public void HandOver(string path)
    {
        if (_asRoot && NativeMethods.LChown(path, Uid, Gid) != 0)
        {
            throw new IOException($"cannot hand {path} to the sandbox's user {Uid}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The arguments of a run that only proves bubblewrap works here: the namespaces, the system, <c>true</c>.</summary>
    internal ProcessSpec Probe(string stateDirectory) =>
        Wrap(
            new ProcessSpec { FileName = "/bin/true", WorkingDirectory = stateDirectory, Environment = new Dictionary<string, string>(StringComparer.Ordinal), Timeout = TimeSpan.FromSeconds(10) },
            new SandboxMounts { WorkingDirectory = stateDirectory, WorkingDirectoryReadOnly = true, StateDirectory = stateDirectory, Network = NetworkAccess.None });

    private IEnumerable<string> Namespaces(NetworkAccess network)
    {
        yield return "--unshare-user";
        yield return "--unshare-pid";
        yield return "--unshare-ipc";
        yield return "--unshare-uts";
        yield return "--unshare-cgroup-try";
        if (network == NetworkAccess.None)
        {
            yield return "--unshare-net";
        }

        yield return "--die-with-parent";
        yield return "--new-session";
        if (_disableUserNamespaces)
        {
            yield return "--disable-userns";
        }

        yield return "--hostname";
        yield return "sandbox";
    }

    /// <summary>The environment with only those <c>PATH</c> folders the sandbox sees: the engine's others name its own folders for nothing.</summary>
    private static Dictionary<string, string> WithVisiblePath(IReadOnlyDictionary<string, string> environment, List<string> bound)
    {
        var result = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        if (result.TryGetValue("PATH", out var path))
        {
            result["PATH"] = string.Join(':', path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(p => bound.Any(b => SystemPaths.IsUnder(p, b))).Distinct(StringComparer.Ordinal));
        }

        return result;
    }

    private List<string> SystemMounts(SandboxMounts mounts, List<string> bound)
    {
        var arguments = new List<string>();
        foreach (var root in SystemPaths.Roots)
        {
            var info = new DirectoryInfo(root);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, root]);
            }
            else if (info.Exists)
            {
                arguments.AddRange(["--ro-bind", root, root]);
            }
        }

        var (passwd, group) = SandboxAccounts.Write(mounts.StateDirectory, Uid, Gid, mounts.Home);
        arguments.AddRange(["--ro-bind", _etc.Current(), "/etc", "--ro-bind", passwd, "/etc/passwd", "--ro-bind", group, "/etc/group"]);
        arguments.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        arguments.AddRange(["--size", _options.TmpBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp", "--dir", "/var", "--symlink", "../tmp", "/var/tmp"]);
        foreach (var path in _options.ReadOnlyPaths)
        {
            arguments.AddRange(["--ro-bind-try", path, path]);
        }

        foreach (var program in mounts.Programs)
        {
            foreach (var folder in ProgramFolders.For(program, _hidden, bound))
            {
                arguments.AddRange(["--ro-bind", folder, folder]);
                bound.Add(folder);
            }
        }

        // What must stay hidden but lies under something bound (a data directory in /opt, say) is covered again.
        foreach (var hidden in _hidden.Where(h => bound.Any(b => SystemPaths.IsUnder(h, b))))
        {
            arguments.AddRange(["--tmpfs", hidden]);
        }

        return arguments;
    }

    private static List<string> Session(SandboxMounts mounts)
    {
        var arguments = new List<string>();
        foreach (var path in mounts.ReadOnly)
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        foreach (var path in mounts.Writable)
        {
            arguments.AddRange(["--bind", path, path]);
        }

        arguments.AddRange([mounts.WorkingDirectoryReadOnly ? "--ro-bind" : "--bind", mounts.WorkingDirectory, mounts.WorkingDirectory]);

        // The sandbox's own root, where the folders above the mounts were made, is read-only: only /tmp and what is bound writable can be written.
        arguments.AddRange(["--remount-ro", "/", "--chdir", mounts.WorkingDirectory]);
        return arguments;
    }
}
