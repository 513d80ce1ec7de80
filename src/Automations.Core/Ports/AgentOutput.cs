namespace Automations.Core.Ports;

/// <summary>A piece of the agent's output.</summary>
public sealed record AgentOutput(string Stream, string Text);
