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
        RunAsync(workingDirectory, arguments, standardInput: null, credential: null, cancellationToken);

    /// <summary>Runs git with <paramref name="credential"/> for its remote (clone, fetch, push); see <see cref="GitRemoteCredential"/>.</summary>
    public Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, GitRemoteCredential? credential, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, standardInput: null, credential, cancellationToken);

    public Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, standardInput, credential: null, cancellationToken);

    /// <summary>Runs git with <paramref name="standardInput"/> written to its standard input; throws <see cref="GitException"/> when it fails.</summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? standardInput, GitRemoteCredential? credential, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var outcome = await ProcessSupervisor.RunAsync(
            new ProcessSpec
            {
                FileName = "git",
                Arguments = WithCredential(arguments, credential),
                WorkingDirectory = workingDirectory,
                Environment = Environment(credential),
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
            new ProcessSpec { FileName = "git", Arguments = arguments, WorkingDirectory = workingDirectory, Environment = Environment(null), Timeout = Timeout },
            (_, _, _) => ValueTask.CompletedTask,
            time,
            cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return outcome.ExitCode ?? -1;
    }

    /// <summary>
    /// A command that carries a credential runs no hooks: a hook is a program from the repository (a
    /// workspace's agent could have written one), and it would inherit the credential's environment.
    /// </summary>
    private static IReadOnlyList<string> WithCredential(IReadOnlyList<string> arguments, GitRemoteCredential? credential) =>
        credential is null ? arguments : ["-c", "core.hooksPath=/dev/null", .. arguments];

    private static Dictionary<string, string> Environment(GitRemoteCredential? credential)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
            ["LANG"] = "C.UTF-8",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        foreach (var (key, value) in credential?.Environment() ?? [])
        {
            environment[key] = value;
        }

        return environment;
    }
}
