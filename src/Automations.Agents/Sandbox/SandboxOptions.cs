namespace Automations.Agents.Sandbox;

/// <summary><c>Automations:Sandbox</c>: how agent processes, and the git the engine runs in their repositories, are confined.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// <c>bubblewrap</c> or <c>none</c>. Unset: <c>bubblewrap</c> where <c>bwrap</c> is installed and works,
    /// else <c>none</c> with a warning at start. Set to <c>bubblewrap</c>, a missing or failing <c>bwrap</c> fails the start.
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>
    /// The user id sandboxes run as when the engine runs as root: one no other account or process uses, so
    /// that only sandboxes have it. Default 65533 (Debian and its derivatives keep 65000–65533 unallocated).
    /// </summary>
    public int Uid { get; set; } = 65533;

    /// <summary>The group id sandboxes run as when the engine runs as root; the data directory lets this group pass through. Default 65533.</summary>
    public int Gid { get; set; } = 65533;

    /// <summary>More folders every sandbox sees read-only, for tools installed outside <c>/usr</c> (a toolchain in <c>/opt</c>).</summary>
    public IList<string> ReadOnlyPaths { get; set; } = [];

    /// <summary>
    /// The most processes (threads included) one sandbox may have at once: a fork bomb stops there. Enforced
    /// per sandbox by its cgroup where the host lets the engine make cgroups; elsewhere it caps the sandbox
    /// user's processes across its sandboxes (<c>RLIMIT_NPROC</c>). Default 1024.
    /// </summary>
    public int MaxProcesses { get; set; } = 1024;

    /// <summary>
    /// The most memory one sandbox may use, in bytes, swap included; past it the kernel kills a process of
    /// it. Enforced where the host lets the engine make cgroups (the start says so). Default 8 GiB.
    /// </summary>
    public long MaxMemoryBytes { get; set; } = 8L << 30;

    /// <summary>The size of a sandbox's private <c>/tmp</c>, in bytes (it lives in memory). Default 1 GiB.</summary>
    public long TmpBytes { get; set; } = 1L << 30;
}
