namespace Automations.Core.Ports;

/// <summary>How a turn ended. <paramref name="AgentSessionId"/> is the agent's own session, to resume.</summary>
public sealed record AgentResult(AgentOutcome Outcome, int? ExitCode, TimeSpan Duration, string? Error, string? AgentSessionId = null);
