namespace Automations.Agents.Processes;

/// <summary>How a supervised process ended.</summary>
public sealed record ProcessOutcome(int? ExitCode, bool TimedOut, bool Canceled, TimeSpan Duration);
