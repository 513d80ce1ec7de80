namespace Automations.Core.Ports;

/// <summary>
/// Where an agent's processes run: <paramref name="Confined"/> in the engine's sandbox, or not; and in
/// words, for the session's events (<c>bubblewrap (uid 65534), network open</c>, or why there is none).
/// </summary>
public sealed record AgentSandbox(bool Confined, string Description);
