using System.Globalization;
using Automations.Agents.Processes;
using Automations.Core.Ports;

namespace Automations.Agents.Commands;

/// <summary>
/// Runs a <c>command</c> agent (CONTRACT.md, "The command agent"): in the workspace, the prompt on
/// standard input and in <c>AUTOMATIONS_PROMPT_FILE</c>, exit 0 for success. Its process group is
/// recorded in the session folder so that a restarted engine can end a run its crash left behind.
/// </summary>
public sealed class CommandAgentRuntime(IReadOnlyDictionary<string, AgentOptions> agents, TimeProvider time) : IAgentRuntime
{
    private const string ProcessFile = "agent.pid";

    public async Task<AgentResult> RunAsync(AgentRun run, Func<AgentOutput, CancellationToken, ValueTask> onOutput, CancellationToken cancellationToken)
    {
        if (!agents.TryGetValue(run.Agent, out var options))
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, $"no agent named '{run.Agent}' is configured (Automations:Agents:{run.Agent})");
        }

        if (!string.Equals(options.Kind, AgentKinds.Command, StringComparison.OrdinalIgnoreCase))
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, $"agent kind '{options.Kind}' is not supported yet; use '{AgentKinds.Command}'");
        }

        if (string.IsNullOrWhiteSpace(options.Command))
        {
            return new AgentResult(AgentOutcome.Failed, null, TimeSpan.Zero, $"agent '{run.Agent}' has no Command");
        }

        Directory.CreateDirectory(run.SessionDirectory);
        Directory.CreateDirectory(run.HomeDirectory);
        EndLeftoverRun(run);

        var promptFile = Path.Combine(run.SessionDirectory, "prompt.md");
        await File.WriteAllTextAsync(promptFile, run.Prompt, cancellationToken);
        var pidFile = Path.Combine(run.SessionDirectory, ProcessFile);
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec
            {
                FileName = ResolveCommand(options.Command),
                Arguments = [.. options.Args],
                WorkingDirectory = run.WorkingDirectory,
                Environment = AgentEnvironment.Build(run.SessionId, run.HomeDirectory, promptFile, options.Env),
                StandardInput = run.Prompt,
                Timeout = run.Timeout,
                Started = pid => File.WriteAllText(pidFile, pid.ToString(CultureInfo.InvariantCulture)),
            },
            (stream, line, token) => onOutput(new AgentOutput(stream, line), token),
            time,
            cancellationToken);
        File.Delete(pidFile);

        return outcome switch
        {
            { TimedOut: true } => new AgentResult(AgentOutcome.TimedOut, null, outcome.Duration, $"agent timed out after {Format(run.Timeout)}; its process tree was killed"),
            { Canceled: true } => new AgentResult(AgentOutcome.Canceled, null, outcome.Duration, "agent run was canceled"),
            { ExitCode: 0 } => new AgentResult(AgentOutcome.Succeeded, 0, outcome.Duration, null),
            _ => new AgentResult(AgentOutcome.Failed, outcome.ExitCode, outcome.Duration, $"agent exited with code {outcome.ExitCode}"),
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

    private static string ResolveCommand(string command) =>
        command.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(command) : command;

    private static string Format(TimeSpan timeout) =>
        timeout.TotalMinutes >= 1 && timeout.Seconds == 0 ? $"{timeout.TotalMinutes:0.##}m" : $"{timeout.TotalSeconds:0.###}s";
}
