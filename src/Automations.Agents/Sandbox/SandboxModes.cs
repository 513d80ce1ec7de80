namespace Automations.Agents.Sandbox;

/// <summary>The values of <c>Automations:Sandbox:Mode</c>.</summary>
public static class SandboxModes
{
    /// <summary>Every agent process in a bubblewrap sandbox: another uid, its own PID namespace, the system read-only.</summary>
    public const string Bubblewrap = "bubblewrap";

    /// <summary>No sandbox, by choice: agents run as the engine's own user. Each session says so.</summary>
    public const string None = "none";
}
