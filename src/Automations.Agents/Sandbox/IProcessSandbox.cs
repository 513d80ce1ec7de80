using Automations.Agents.Processes;

namespace Automations.Agents.Sandbox;

/// <summary>
/// Confines the processes the engine starts on an agent's behalf: the agent itself, its setup commands,
/// and the git the engine runs in the repository the agent has had in its hands.
/// </summary>
public interface IProcessSandbox
{
    /// <summary>True when processes run confined; false when they run as the engine's own user.</summary>
    bool Confines { get; }

    /// <summary>What it is, for logs and session events: <c>bubblewrap (uid 65534)</c>, or why there is none.</summary>
    string Description { get; }

    /// <summary>The process to start instead of <paramref name="spec"/>: the same program, inside the sandbox.</summary>
    ProcessSpec Wrap(ProcessSpec spec, SandboxMounts mounts);

    /// <summary>Why a process started from <paramref name="started"/> (a <see cref="Wrap"/>) was killed, where the sandbox knows (it ran out of memory); else null.</summary>
    string? Explain(ProcessSpec started);

    /// <summary>
    /// The process to start instead of <paramref name="spec"/> to run it as the sandbox's user, without the
    /// sandbox: for git in a repository the engine has just made, which no agent has had in its hands.
    /// </summary>
    ProcessSpec AsUser(ProcessSpec spec);

    /// <summary>Makes a file or folder the engine created the sandbox user's, so that a sandboxed process may write it.</summary>
    void HandOver(string path);
}
