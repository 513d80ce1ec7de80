using Automations.Agents.Processes;

namespace Automations.Agents.Sandbox;

/// <summary>No sandbox: processes run as the engine's own user, with only their environment kept minimal.</summary>
public sealed class Unconfined(string reason) : IProcessSandbox
{
    public bool Confines => false;

    public string Description => $"none: {reason}";

    public ProcessSpec Wrap(ProcessSpec spec, SandboxMounts mounts) => spec;

    public ProcessSpec AsUser(ProcessSpec spec) => spec;

    public string? Explain(ProcessSpec started) => null;

    public void HandOver(string path)
    {
    }
}
