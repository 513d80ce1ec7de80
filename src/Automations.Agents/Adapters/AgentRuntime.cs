using System.Globalization;
using Automations.Agents.Adapters.ClaudeCode;
using Automations.Agents.Adapters.Codex;
using Automations.Agents.Commands;
using Automations.Agents.Processes;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>
/// Runs a turn of any configured agent: picks the adapter for its kind, starts the process in its own
/// process group with the minimal environment, feeds its output through the adapter's parser, and kills
/// the group on timeout or cancellation. The group is recorded in the session folder so that a restarted
/// engine can end a run its crash left behind.
/// </summary>
public sealed class AgentRuntime : IAgentRuntime
{
    private const string ProcessFile = "agent.pid";
    private const string QuestionFile = "question.md";

    private readonly IReadOnlyDictionary<string, AgentOptions> _agents;
    private readonly Dictionary<string, IAgentAdapter> _adapters;
    private readonly TimeProvider _time;

    public AgentRuntime(IReadOnlyDictionary<string, AgentOptions> agents, IEnumerable<IAgentAdapter> adapters, TimeProvider time)
    {
        _agents = agents;
        _adapters = adapters.ToDictionary(a => a.Kind, StringComparer.OrdinalIgnoreCase);
        _time = time;
    }

    /// <summary>The adapters this build knows: command, claude-code and codex.</summary>
    public static IReadOnlyList<IAgentAdapter> DefaultAdapters { get; } = [new CommandAdapter(), new ClaudeCodeAdapter(), new CodexAdapter()];

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

        Directory.CreateDirectory(run.SessionDirectory);
        Directory.CreateDirectory(run.HomeDirectory);
        EndLeftoverRun(run);

        var promptFile = Path.Combine(run.SessionDirectory, "prompt.md");
        await File.WriteAllTextAsync(promptFile, run.Prompt, cancellationToken);
        var questionFile = Path.Combine(run.SessionDirectory, QuestionFile);
        File.Delete(questionFile);

        AgentInvocation invocation;
        try
        {
            invocation = adapter.Prepare(run, options, promptFile);
        }
        catch (InvalidOperationException ex)
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, ex.Message);
        }

        var environment = new Dictionary<string, string>(AgentEnvironment.Build(run.SessionId, run.HomeDirectory, promptFile, options.Env), StringComparer.Ordinal)
        {
            [AgentEnvironment.QuestionFileVariable] = questionFile,
        };
        foreach (var (key, value) in invocation.Environment)
        {
            // The adapter's defaults; the agent's own Env overrides them.
            environment.TryAdd(key, value);
        }

        var parser = adapter.CreateParser(run);
        var parsed = new List<AgentEvent>();
        var pidFile = Path.Combine(run.SessionDirectory, ProcessFile);
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec
            {
                FileName = ResolveCommand(invocation.FileName),
                Arguments = invocation.Arguments,
                WorkingDirectory = run.WorkingDirectory,
                Environment = environment,
                StandardInput = invocation.StandardInput,
                Timeout = run.Timeout,
                Started = pid => File.WriteAllText(pidFile, pid.ToString(CultureInfo.InvariantCulture)),
            },
            async (stream, line, token) =>
            {
                parsed.Clear();
                parser.Parse(stream, line, parsed);
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
        if (outcome.ExitCode == 0 && File.Exists(questionFile) && (await File.ReadAllTextAsync(questionFile, CancellationToken.None)).Trim() is { Length: > 0 } question)
        {
            parsed.Add(new AgentQuestion(question));
        }

        foreach (var e in parsed)
        {
            await onEvent(Priced(e, options.Prices), CancellationToken.None);
        }

        return outcome switch
        {
            { TimedOut: true } => new AgentResult(AgentOutcome.TimedOut, null, outcome.Duration, $"agent timed out after {Format(run.Timeout)}; its process tree was killed", agentSessionId),
            { Canceled: true } => new AgentResult(AgentOutcome.Canceled, null, outcome.Duration, "agent run was canceled", agentSessionId),
            { ExitCode: 0 } => new AgentResult(AgentOutcome.Succeeded, 0, outcome.Duration, null, agentSessionId),
            _ => new AgentResult(AgentOutcome.Failed, outcome.ExitCode, outcome.Duration, $"agent exited with code {outcome.ExitCode}", agentSessionId),
        };
    }

    private static void EndLeftoverRun(AgentRun run)
    {
        // At-least-once: a crashed engine may have left this session's agent running; it must not race the new run.
        var pidFile = Path.Combine(run.SessionDirectory, ProcessFile);
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var group))
        {
            ProcessSupervisor.KillLeftover(group, $"{AgentEnvironment.SessionIdVariable}={run.SessionId}");
            File.Delete(pidFile);
        }
    }

    /// <summary>A report without a cost of the agent's own (Codex) is priced from the agent's configured prices.</summary>
    private static AgentEvent Priced(AgentEvent agentEvent, AgentPrices? prices) =>
        agentEvent is AgentTurnComplete { CostUsd: null } report && prices is not null ? report with { CostUsd = prices.Cost(report.Usage) } : agentEvent;

    private static string ResolveCommand(string command) =>
        command.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(command) : command;

    private static string Format(TimeSpan timeout) =>
        timeout.TotalMinutes >= 1 && timeout.Seconds == 0 ? $"{timeout.TotalMinutes:0.##}m" : $"{timeout.TotalSeconds:0.###}s";
}
