using System.Text;
using Automations.Agents.Processes;

namespace Automations.Agents.Workspaces;

/// <summary>Runs the <c>git</c> command line with a minimal environment and no prompts.</summary>
public sealed class Git(TimeProvider time)
{
    /// <summary>The clock its timeouts run on.</summary>
    public TimeProvider Time => time;

    /// <summary>How long one git command may take. Clones of large repositories need minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, standardInput: null, cancellationToken);

    /// <summary>Runs git with <paramref name="standardInput"/> written to its standard input; throws <see cref="GitException"/> when it fails.</summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec
            {
                FileName = "git",
                Arguments = arguments,
                WorkingDirectory = workingDirectory,
                Environment = Environment(),
                StandardInput = standardInput,
                Timeout = Timeout,
            },
            (stream, line, _) =>
            {
                (stream == "stdout" ? output : errors).AppendLine(line);
                return ValueTask.CompletedTask;
            },
            time,
            cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.TimedOut)
        {
            throw new GitException($"git {arguments[0]} timed out after {Timeout}.");
        }

        if (outcome.ExitCode != 0)
        {
            throw new GitException($"git {arguments[0]} failed ({outcome.ExitCode}): {errors.ToString().Trim()}");
        }

        return output.ToString().TrimEnd();
    }

    /// <summary>Like <see cref="RunAsync(string, IReadOnlyList{string}, CancellationToken)"/>, but answers with the exit code instead of throwing on non-zero.</summary>
    public async Task<int> ExitCodeAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec { FileName = "git", Arguments = arguments, WorkingDirectory = workingDirectory, Environment = Environment(), Timeout = Timeout },
            (_, _, _) => ValueTask.CompletedTask,
            time,
            cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return outcome.ExitCode ?? -1;
    }

    private static Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
        ["LANG"] = "C.UTF-8",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };
}
