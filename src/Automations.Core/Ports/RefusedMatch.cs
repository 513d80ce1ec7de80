namespace Automations.Core.Ports;

/// <summary>An automation that matched an event but may not be started by its actor, and why.</summary>
public sealed record RefusedMatch(string Automation, string Reason);
