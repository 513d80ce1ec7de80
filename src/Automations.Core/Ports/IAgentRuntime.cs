namespace Automations.Core.Ports;

/// <summary>Runs one turn of a coding agent in a workspace.</summary>
public interface IAgentRuntime
{
    /// <summary>
    /// Runs the agent to its end, its timeout, or cancellation; what it does is reported as it happens.
    /// Cancellation kills the agent's whole process tree and returns <see cref="AgentOutcome.Canceled"/>.
    /// </summary>
    Task<AgentResult> RunAsync(AgentRun run, Func<AgentEvent, CancellationToken, ValueTask> onEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the definition's <c>setup</c> commands in the run's workspace, in order, each through
    /// <c>sh -c</c> and confined as the agent is; the first failure stops them. <paramref name="timeout"/> is
    /// for all of them together: a command still running when it is up is killed, and the run fails naming it.
    /// </summary>
    Task<SetupResult> RunSetupAsync(AgentRun run, IReadOnlyList<string> commands, TimeSpan timeout, Func<string, string, CancellationToken, ValueTask> onLine, CancellationToken cancellationToken);

    /// <summary>Where agent <paramref name="agent"/>'s processes run.</summary>
    AgentSandbox SandboxOf(string agent);
}
