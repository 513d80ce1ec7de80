using System.Text;
using Automations.Agents.Processes;
using Automations.Agents.Sandbox;
using Automations.Core.Definitions;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Runs the <c>git</c> command line with a minimal environment and no prompts, in two ways: in the
/// engine's own repositories (the mirrors) as the engine, and in a session's repository, which an agent
/// has had in its hands, confined (<see cref="RunConfinedAsync"/>).
/// </summary>
public sealed class Git(TimeProvider time, IProcessSandbox? sandbox = null)
{
    /// <summary>The clock its timeouts run on.</summary>
    public TimeProvider Time => time;

    /// <summary>Where the git of sessions' repositories runs; unconfined when none was given.</summary>
    public IProcessSandbox Sandbox { get; } = sandbox ?? new Unconfined("no sandbox was configured");

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
    public Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? standardInput, GitRemoteCredential? credential, CancellationToken cancellationToken) =>
        CheckedAsync(
            new ProcessSpec
            {
                FileName = "git",
                Arguments = ["-c", "core.hooksPath=/dev/null", .. arguments],
                WorkingDirectory = workingDirectory,
                Environment = EngineEnvironment(credential),
                StandardInput = standardInput,
                Timeout = Timeout,
            },
            $"git {arguments[0]}",
            cancellationToken);

    /// <summary>Like <see cref="RunAsync(string, IReadOnlyList{string}, CancellationToken)"/>, but answers with the exit code instead of throwing on non-zero.</summary>
    public async Task<int> ExitCodeAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec { FileName = "git", Arguments = ["-c", "core.hooksPath=/dev/null", .. arguments], WorkingDirectory = workingDirectory, Environment = EngineEnvironment(null), Timeout = Timeout };
        var (outcome, _, _) = await ExecuteAsync(spec, cancellationToken);
        return outcome.ExitCode ?? -1;
    }

    /// <summary>Like <see cref="RunAsync(string, IReadOnlyList{string}, CancellationToken)"/>, but answers with the exit code and the output instead of throwing on non-zero.</summary>
    public async Task<(int ExitCode, string Output)> TryRunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec { FileName = "git", Arguments = ["-c", "core.hooksPath=/dev/null", .. arguments], WorkingDirectory = workingDirectory, Environment = EngineEnvironment(null), Timeout = Timeout };
        var (outcome, output, errors) = await ExecuteAsync(spec, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return outcome.TimedOut ? throw new GitException($"git {arguments[0]} timed out after {Durations.Describe(Timeout)}.") : (outcome.ExitCode ?? -1, outcome.ExitCode is 0 or 1 ? output : errors);
    }

    /// <summary>
    /// Runs <paramref name="script"/> (<c>sh -c</c>, with <paramref name="arguments"/> as <c>$1</c>, <c>$2</c>, …)
    /// in a session's repository, inside the sandbox, as the sandbox's user: whatever the repository's own
    /// config, attributes or hooks name runs there, where it can spoil only that repository. The engine's
    /// settings also switch hooks, fsmonitor, pagers, credential helpers and every transport off, and no
    /// system or global config is read. Returns its standard output; throws <see cref="GitException"/> when it fails.
    /// </summary>
    public Task<string> RunConfinedAsync(SandboxMounts mounts, string script, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var spec = new ProcessSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", script, "sh", .. arguments],
            WorkingDirectory = mounts.WorkingDirectory,
            Environment = ConfinedEnvironment(mounts.Home),
            Timeout = Timeout,
        };
        return CheckedAsync(Sandbox.Wrap(spec, mounts), "git (in the session's repository)", cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="script"/> like <see cref="RunConfinedAsync"/>, as the sandbox's user but outside the
    /// sandbox: for a repository the engine has just made, which no agent has had in its hands, where a
    /// sandbox's start would be most of the cost.
    /// </summary>
    public Task<string> RunAsSandboxUserAsync(string workingDirectory, string script, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", script, "sh", .. arguments],
            WorkingDirectory = workingDirectory,
            Environment = ConfinedEnvironment(home: null),
            Timeout = Timeout,
        };
        return CheckedAsync(Sandbox.AsUser(spec), "git (in a new session repository)", cancellationToken);
    }

    /// <summary>Runs git itself like <see cref="RunAsSandboxUserAsync"/>, with no shell between: one process fewer, for one command.</summary>
    public Task<string> RunGitAsSandboxUserAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec
        {
            FileName = "git",
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            Environment = ConfinedEnvironment(home: null),
            Timeout = Timeout,
        };
        return CheckedAsync(Sandbox.AsUser(spec), $"git {arguments[0]} (in a new session repository)", cancellationToken);
    }

    /// <summary>
    /// The command git runs as <c>--upload-pack</c> to read a session's repository: <c>git-upload-pack</c>
    /// inside the sandbox, so that the engine's fetch from it reads only the pack it sends.
    /// </summary>
    public string ConfinedUploadPack(SandboxMounts mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);

        // git starts it with the fetch's own environment; inside, env -i gives upload-pack the confined one.
        var environment = ConfinedEnvironment(mounts.Home).Select(e => $"{e.Key}={e.Value}");
        var spec = Sandbox.Wrap(
            new ProcessSpec { FileName = "/usr/bin/env", Arguments = ["-i", .. environment, "git", "upload-pack"], WorkingDirectory = mounts.WorkingDirectory, Environment = ConfinedEnvironment(mounts.Home), Timeout = Timeout },
            mounts);
        var command = new StringBuilder();
        foreach (var part in (IEnumerable<string>)[spec.FileName, .. spec.Arguments])
        {
            command.Append('\'').Append(part.Replace("'", "'\\''", StringComparison.Ordinal)).Append("' ");
        }

        return command.ToString().TrimEnd();
    }

    private async Task<string> CheckedAsync(ProcessSpec spec, string what, CancellationToken cancellationToken)
    {
        var (outcome, output, errors) = await ExecuteAsync(spec, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.TimedOut)
        {
            throw new GitException($"{what} timed out after {Durations.Describe(Timeout)}.");
        }

        if (outcome.ExitCode != 0)
        {
            throw new GitException($"{what} failed ({outcome.ExitCode}): {errors.Trim()}");
        }

        return output.TrimEnd();
    }

    private async Task<(ProcessOutcome Outcome, string Output, string Errors)> ExecuteAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var outcome = await ProcessSupervisor.RunAsync(
            spec,
            (line, _) =>
            {
                (line.Stream == "stdout" ? output : errors).AppendLine(line.Text);
                return ValueTask.CompletedTask;
            },
            time,
            cancellationToken);
        return (outcome, output.ToString(), errors.ToString());
    }

    private static Dictionary<string, string> EngineEnvironment(GitRemoteCredential? credential)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
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

    private static Dictionary<string, string> ConfinedEnvironment(string? home)
    {
        (string Key, string Value)[] settings =
        [
            ("core.hooksPath", "/dev/null"), ("core.fsmonitor", "false"), ("core.sshCommand", "false"), ("core.pager", "cat"),
            ("core.editor", "false"), ("core.askPass", "false"), ("core.alternateRefsCommand", "true"), ("credential.helper", string.Empty),
            ("protocol.allow", "never"), ("gc.auto", "0"), ("commit.gpgSign", "false"), ("gpg.program", "false"),
            ("init.defaultBranch", "main"), ("advice.detachedHead", "false"),
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home ?? "/nonexistent",
            ["LANG"] = "C.UTF-8",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_CONFIG_COUNT"] = settings.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < settings.Length; i++)
        {
            environment[$"GIT_CONFIG_KEY_{i}"] = settings[i].Key;
            environment[$"GIT_CONFIG_VALUE_{i}"] = settings[i].Value;
        }

        return environment;
    }
}
