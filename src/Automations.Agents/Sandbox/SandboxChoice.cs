namespace Automations.Agents.Sandbox;

/// <summary>
/// The sandbox the engine runs agents in, and what to say about it at start: a <paramref name="Warning"/>
/// when it runs without one it was not told to do without, an <paramref name="Error"/> (the start fails)
/// when it was told to use bubblewrap and cannot.
/// </summary>
public sealed record SandboxChoice(IProcessSandbox Sandbox, string? Warning = null, string? Error = null);
