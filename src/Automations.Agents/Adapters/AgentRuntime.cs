using System.Globalization;
using Automations.Agents.Adapters.ClaudeCode;
using Automations.Agents.Adapters.Codex;
using Automations.Agents.Commands;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Core.Definitions;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>
/// Runs a turn of any configured agent: picks the adapter for its kind, starts the process in the sandbox
/// (<see cref="AgentProcesses"/>) in a process group of its own with the minimal environment, feeds its
/// output through the adapter's parser, and kills it on timeout or cancellation. The group is recorded in
/// the session folder so that a restarted engine can end a run its crash left behind.
/// </summary>
public sealed class AgentRuntime : IAgentRuntime
{
    private const string ProcessFile = "agent.pid";

    private readonly IReadOnlyDictionary<string, AgentOptions> _agents;
    private readonly Dictionary<string, IAgentAdapter> _adapters;
    private readonly AgentProcesses _processes;
    private readonly TimeProvider _time;

    /// <param name="agents">The configured agents by name.</param>
    /// <param name="adapters">The kinds of agent this build knows.</param>
    /// <param name="time">The clock.</param>
    /// <param name="sandbox">Where agents' processes run; unconfined when null.</param>
    public AgentRuntime(IReadOnlyDictionary<string, AgentOptions> agents, IEnumerable<IAgentAdapter> adapters, TimeProvider time, IProcessSandbox? sandbox = null)
    {
        _agents = agents;
        _adapters = adapters.ToDictionary(a => a.Kind, StringComparer.OrdinalIgnoreCase);
        _processes = new AgentProcesses(sandbox ?? new Unconfined("no sandbox was configured"));
        _time = time;
    }

    /// <summary>The adapters this build knows: command, claude-code and codex.</summary>
    public static IReadOnlyList<IAgentAdapter> DefaultAdapters { get; } = [new CommandAdapter(), new ClaudeCodeAdapter(), new CodexAdapter()];

    /// <summary>The longest line of an agent's output stored whole, in bytes. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = ProcessSpec.DefaultMaxLineBytes;

    public AgentSandbox SandboxOf(string agent)
    {
        var sandbox = _processes.Sandbox;
        var network = _agents.TryGetValue(agent, out var options) ? options.Network : NetworkPolicy.Open;
        return new AgentSandbox(sandbox.Confines, sandbox.Confines ? $"{sandbox.Description}, network {network}" : sandbox.Description);
    }

    public async Task<AgentResult> RunAsync(AgentRun run, Func<AgentEvent, CancellationToken, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        if (!_agents.TryGetValue(run.Agent, out var options))
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, $"no agent named '{run.Agent}' is configured (Automations:Agents:{run.Agent})");
        }

        if (!_adapters.TryGetValue(options.Kind, out var adapter))
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, $"agent '{run.Agent}' has kind '{options.Kind}'; known kinds are {string.Join(", ", _adapters.Keys.Order(StringComparer.Ordinal))}");
        }

        EndLeftoverRun(run, _processes.Sandbox.Confines);
        await _processes.PrepareAsync(run, run.Prompt, cancellationToken);
        AgentInvocation invocation;
        try
        {
            invocation = adapter.Prepare(run, options, AgentProcesses.PromptPath(run), _processes.Sandbox.Confines);
        }
        catch (InvalidOperationException ex)
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, ex.Message);
        }

        var environment = new Dictionary<string, string>(Environment(run, options.Env), StringComparer.Ordinal);
        foreach (var (key, value) in invocation.Environment)
        {
            // The adapter's defaults; the agent's own Env overrides them.
            environment.TryAdd(key, value);
        }

        var parser = adapter.CreateParser(run);
        var parsed = new List<AgentEvent>();
        var pidFile = Path.Combine(run.SessionDirectory, ProcessFile);
        var spec = new ProcessSpec
        {
            FileName = ResolveCommand(invocation.FileName),
            Arguments = invocation.Arguments,
            WorkingDirectory = run.WorkingDirectory,
            Environment = environment,
            StandardInput = invocation.StandardInput,
            Timeout = run.Timeout,
            MaxLineBytes = MaxLineBytes,
            Started = pid => File.WriteAllText(pidFile, pid.ToString(CultureInfo.InvariantCulture)),
            AfterExit = () => EndEscapedProcesses(run),
        };
        var started = _processes.Confine(spec, run, options);
        var outcome = await ProcessSupervisor.RunAsync(
            started,
            async (line, token) =>
            {
                parsed.Clear();
                parser.Parse(line.Stream, line.Text, parsed);
                if (line.Truncated)
                {
                    parsed.Add(new AgentOutputTruncated(line.Stream, line.DroppedBytes));
                }

                foreach (var e in parsed)
                {
                    await onEvent(Priced(e, options.Prices), token);
                }
            },
            _time,
            cancellationToken);
        File.Delete(pidFile);

        parsed.Clear();
        var agentSessionId = parser.Complete(outcome.ExitCode, parsed);
        if (outcome.ExitCode == 0 && await AgentProcesses.ReadQuestionAsync(run) is { } question)
        {
            parsed.Add(AgentQuestion.Read(question));
        }

        foreach (var e in parsed)
        {
            await onEvent(Priced(e, options.Prices), CancellationToken.None);
        }

        return outcome switch
        {
            { TimedOut: true } => new AgentResult(AgentOutcome.TimedOut, null, outcome.Duration, $"agent timed out after {Durations.Describe(run.Timeout)}; its process tree was killed", agentSessionId),
            { Canceled: true } => new AgentResult(AgentOutcome.Canceled, null, outcome.Duration, "agent run was canceled", agentSessionId),
            { ExitCode: 0 } => new AgentResult(AgentOutcome.Succeeded, 0, outcome.Duration, null, agentSessionId),
            _ => new AgentResult(AgentOutcome.Failed, outcome.ExitCode, outcome.Duration, _processes.Sandbox.Explain(started) is { } why ? $"agent was killed: {why}" : $"agent exited with code {outcome.ExitCode}", agentSessionId),
        };
    }

    public async Task<SetupResult> RunSetupAsync(AgentRun run, IReadOnlyList<string> commands, TimeSpan timeout, Func<string, string, CancellationToken, ValueTask> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var options = _agents.TryGetValue(run.Agent, out var configured) ? configured : new AgentOptions();
        await _processes.PrepareAsync(run, run.Prompt, cancellationToken);

        // The timeout is the commands' together: each gets what the ones before it left.
        var begun = _time.GetTimestamp();
        foreach (var command in commands)
        {
            var left = timeout - _time.GetElapsedTime(begun);
            if (left <= TimeSpan.Zero)
            {
                return new SetupResult(SetupTimedOut(command, timeout));
            }

            var spec = new ProcessSpec
            {
                FileName = "/bin/sh",
                Arguments = ["-c", command],
                WorkingDirectory = run.WorkingDirectory,
                Environment = Environment(run, []),
                Timeout = left,
                MaxLineBytes = MaxLineBytes,
                AfterExit = () => EndEscapedProcesses(run),
            };
            var started = _processes.Confine(spec, run, options);
            var outcome = await ProcessSupervisor.RunAsync(started, (line, token) => onLine(line.Stream, line.Text, token), _time, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (outcome.TimedOut)
            {
                return new SetupResult(SetupTimedOut(command, timeout));
            }

            if (outcome.ExitCode != 0)
            {
                return new SetupResult(_processes.Sandbox.Explain(started) is { } why
                    ? $"setup command '{command}' was killed: {why}"
                    : $"setup command '{command}' exited with code {outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
            }
        }

        return SetupResult.Ok;
    }

    private static Dictionary<string, string> Environment(AgentRun run, IEnumerable<KeyValuePair<string, string>> own) =>
        new(AgentEnvironment.Build(run.SessionId, run.HomeDirectory, AgentProcesses.PromptPath(run), own), StringComparer.Ordinal)
        {
            [AgentEnvironment.QuestionFileVariable] = AgentProcesses.QuestionPath(run),
        };

    private static void EndLeftoverRun(AgentRun run, bool confined)
    {
        // At-least-once: a crashed engine may have left this session's agent running; it must not race the new run.
        var pidFile = Path.Combine(run.SessionDirectory, ProcessFile);
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var group))
        {
            ProcessSupervisor.KillLeftover(group, Marker(run));
            File.Delete(pidFile);
        }

        if (!confined)
        {
            ProcessSupervisor.KillAllWith(Marker(run));
        }
    }

    /// <summary>
    /// Unsandboxed, a child that left the process group (<c>setsid</c>) outlives the group's kill; it is
    /// found by its session's prompt file in its environment. Sandboxed, the PID namespace ended it already.
    /// </summary>
    private void EndEscapedProcesses(AgentRun run)
    {
        if (!_processes.Sandbox.Confines)
        {
            ProcessSupervisor.KillAllWith(Marker(run));
        }
    }

    /// <summary>What only this session's processes have in their environment: its prompt file, in this engine's data directory.</summary>
    private static string Marker(AgentRun run) => $"{AgentEnvironment.PromptFileVariable}={AgentProcesses.PromptPath(run)}";

    /// <summary>A report without a cost of the agent's own (Codex) is priced from the agent's configured prices.</summary>
    private static AgentEvent Priced(AgentEvent agentEvent, AgentPrices? prices) =>
        agentEvent is AgentTurnComplete { CostUsd: null } report && prices is not null ? report with { CostUsd = prices.Cost(report.Usage) } : agentEvent;

    private static string SetupTimedOut(string command, TimeSpan timeout) =>
        $"setup command '{command}' timed out after {Durations.Describe(timeout)}, the time all the setup commands may take together (setup_timeout)";

    private static string ResolveCommand(string command) =>
        command.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(command) : command;
}
