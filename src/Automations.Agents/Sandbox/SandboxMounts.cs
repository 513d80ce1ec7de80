namespace Automations.Agents.Sandbox;

/// <summary>
/// What one sandboxed process sees besides the system: its working folder, the paths it may write and
/// read, the programs it runs (each one's installation, read-only), and its network.
/// </summary>
public sealed record SandboxMounts
{
    /// <summary>The process's working folder: writable unless <see cref="WorkingDirectoryReadOnly"/>.</summary>
    public required string WorkingDirectory { get; init; }

    public bool WorkingDirectoryReadOnly { get; init; }

    /// <summary>Files and folders the process may change (its HOME, the question file).</summary>
    public IReadOnlyList<string> Writable { get; init; } = [];

    /// <summary>Files and folders the process may read (the prompt file, the object store its repository borrows).</summary>
    public IReadOnlyList<string> ReadOnly { get; init; } = [];

    /// <summary>Programs the process runs outside the system folders: the folder each is installed in is seen read-only.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    public NetworkAccess Network { get; init; } = NetworkAccess.None;

    /// <summary>An engine-owned folder for the sandbox's own files (its <c>/etc/passwd</c> and <c>/etc/group</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The HOME its user has in <c>/etc/passwd</c>; null for none.</summary>
    public string? Home { get; init; }
}
