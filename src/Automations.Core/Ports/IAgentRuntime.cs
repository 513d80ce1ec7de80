namespace Automations.Core.Ports;

/// <summary>Runs one turn of a coding agent in a workspace.</summary>
public interface IAgentRuntime
{
    /// <summary>
    /// Runs the agent to its end, its timeout, or cancellation; what it does is reported as it happens.
    /// Cancellation kills the agent's whole process tree and returns <see cref="AgentOutcome.Canceled"/>.
    /// </summary>
    Task<AgentResult> RunAsync(AgentRun run, Func<AgentEvent, CancellationToken, ValueTask> onEvent, CancellationToken cancellationToken);
}
