namespace Automations.Core.Ports;

public sealed record AgentResult(AgentOutcome Outcome, int? ExitCode, TimeSpan Duration, string? Error);
