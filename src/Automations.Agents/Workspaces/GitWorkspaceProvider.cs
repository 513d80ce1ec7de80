using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A workspace is a fresh clone of the repository at its base, on the session's branch, in
/// <c>{DataDir}/workspaces/{session}/repo</c>. A retried job starts again from a clean clone.
/// </summary>
public sealed class GitWorkspaceProvider(Git git, string workspacesRoot) : IWorkspaceProvider
{
    public string SessionDirectory(string sessionId) => Path.Combine(workspacesRoot, sessionId);

    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        var sessionDirectory = SessionDirectory(request.SessionId);
        var path = Path.Combine(sessionDirectory, "repo");
        if (Directory.Exists(path))
        {
            // At-least-once: an earlier attempt left a checkout behind; its state is unknown, so start over.
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(sessionDirectory);
        await git.RunAsync(
            sessionDirectory,
            ["clone", "--quiet", "--no-tags", "--single-branch", "--branch", request.Base, "--", request.RepositoryUrl, path],
            cancellationToken);
        await git.RunAsync(path, ["checkout", "--quiet", "-b", request.Branch], cancellationToken);
        var baseCommit = await git.RunAsync(path, ["rev-parse", "HEAD"], cancellationToken);
        return new Workspace(path, request.RepositoryUrl, request.Branch, baseCommit, sessionDirectory, Path.Combine(sessionDirectory, "home"));
    }

    public async Task<SetupResult> RunSetupAsync(Workspace workspace, IReadOnlyList<string> commands, TimeSpan timeout, Func<string, string, CancellationToken, ValueTask> onLine, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            var outcome = await Processes.ProcessSupervisor.RunAsync(
                new Processes.ProcessSpec
                {
                    FileName = "/bin/sh",
                    Arguments = ["-c", command],
                    WorkingDirectory = workspace.Path,
                    Environment = Commands.AgentEnvironment.Build("setup", workspace.HomeDirectory, "/dev/null", []),
                    Timeout = timeout,
                },
                onLine,
                git.Time,
                cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (outcome.TimedOut)
            {
                return new SetupResult($"setup command '{command}' timed out after {timeout}");
            }

            if (outcome.ExitCode != 0)
            {
                return new SetupResult($"setup command '{command}' exited with code {outcome.ExitCode}");
            }
        }

        return SetupResult.Ok;
    }

    public IReadOnlyList<string> ListSessions() =>
        Directory.Exists(workspacesRoot) ? [.. Directory.EnumerateDirectories(workspacesRoot).Select(Path.GetFileName).OfType<string>()] : [];

    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        var directory = SessionDirectory(sessionId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
