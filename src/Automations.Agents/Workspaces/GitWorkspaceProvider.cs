using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Automations.Agents.Commands;
using Automations.Agents.Processes;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Workspaces are git worktrees of one cached bare mirror per repository. The mirror, in
/// <c>{mirrorsRoot}/{slug}-{hash}</c>, is cloned once and fetched before every prepare; its fetched
/// branches live under <c>refs/remotes/origin/</c>, apart from the sessions' own branches. A session's
/// worktree is <c>{workspacesRoot}/{session}/repo</c> on the session's branch, with the agent's HOME in
/// <c>home/</c> beside it. Git work on one mirror is serialized within this process; different
/// repositories proceed in parallel. Clone and fetch present the remote's credential from
/// <paramref name="credentials"/>, when it has one, through git's environment only. A new session's
/// worktree is a warm one when one is ready (<see cref="WarmWorktrees"/>): checked out ahead of time,
/// moved into place and switched to the branch.
/// </summary>
/// <param name="git">Runs git.</param>
/// <param name="workspacesRoot">Where sessions' folders are made.</param>
/// <param name="mirrorsRoot">Where mirrors are kept.</param>
/// <param name="credentials">Credentials for remotes that need them; null for none.</param>
/// <param name="warmWorktrees">How many worktrees per mirror are kept checked out ahead of time (in <c>warm/</c> beside <paramref name="mirrorsRoot"/>); 0 for none.</param>
public sealed class GitWorkspaceProvider(Git git, string workspacesRoot, string mirrorsRoot, IGitCredentials? credentials = null, int warmWorktrees = 2) : IWorkspaceProvider
{
    private const string RemoteBranches = "refs/remotes/origin/";

    private readonly WarmWorktrees _warm = new(git, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(mirrorsRoot)) ?? mirrorsRoot, "warm"), warmWorktrees);

    /// <summary>Git work on one mirror takes turns; the warm worktrees share the locks.</summary>
    private KeyedAsyncLock _mirrorLocks => _warm.MirrorLocks;

    public string SessionDirectory(string sessionId) => Path.Combine(workspacesRoot, sessionId);

    /// <summary>Where the mirror of <paramref name="repositoryUrl"/> is kept: a readable slug of the URL and a short hash of all of it.</summary>
    public string MirrorDirectory(string repositoryUrl) => Path.Combine(mirrorsRoot, MirrorName(repositoryUrl));

    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mirror = MirrorDirectory(request.RepositoryUrl);
        var sessionDirectory = SessionDirectory(request.SessionId);
        var path = Path.Combine(sessionDirectory, "repo");
        var home = Path.Combine(sessionDirectory, "home");

        using (await _mirrorLocks.AcquireAsync(mirror, cancellationToken))
        {
            var record = WorkspaceRecord.Read(sessionDirectory);
            if (request.Reuse && record is not null && IsWorktree(path))
            {
                // A follow-up turn or a resumed agent: the checkout is kept exactly as the agent left it.
                Directory.CreateDirectory(home);
                return new Workspace(path, request.RepositoryUrl, request.Branch, record.BaseCommit, sessionDirectory, home);
            }

            var credential = await GitRemoteCredential.ForAsync(credentials, request.RepositoryUrl, cancellationToken);
            await EnsureMirrorAsync(request.RepositoryUrl, mirror, credential, cancellationToken);
            await git.RunAsync(mirror, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], credential, cancellationToken);

            // One look at the refs: the base, the session's branch if it is already on the remote, and the
            // local branch of that name, which an ended session's worktree may still have checked out.
            var baseRef = RemoteBranches + request.Base;
            var pushedRef = RemoteBranches + request.Branch;
            var localRef = "refs/heads/" + request.Branch;
            var commits = await CommitsAsync(mirror, [baseRef, pushedRef, localRef], cancellationToken);
            if (!commits.TryGetValue(baseRef, out var baseCommit))
            {
                throw new GitException($"base branch '{request.Base}' does not exist in {request.RepositoryUrl}");
            }

            // At-least-once: whatever an earlier attempt left is discarded; only a pushed branch survives a Reuse.
            await DiscardWorktreeAsync(mirror, record?.Mirror, path, cancellationToken);

            var start = baseRef;
            var startCommit = commits[baseRef];
            // A branch already on the remote is continued: a Reuse whose checkout is gone, or a second
            // session on a shared branch (`branch:` in the definition), which the branch lock serializes.
            if (commits.TryGetValue(pushedRef, out var pushedCommit))
            {
                start = pushedRef;
                startCommit = pushedCommit;
                baseCommit = record is not null && string.Equals(record.Mirror, mirror, StringComparison.Ordinal)
                    ? record.BaseCommit
                    : await git.RunAsync(mirror, ["merge-base", baseRef, pushedRef], cancellationToken);
            }

            Directory.CreateDirectory(sessionDirectory);
            Directory.CreateDirectory(home);
            if (commits.ContainsKey(localRef))
            {
                await ReleaseBranchAsync(mirror, request.Branch, cancellationToken);
            }

            var warmCommit = await _warm.TryTakeAsync(mirror, path, cancellationToken);
            if (warmCommit == startCommit)
            {
                // The warm worktree is at the start already: the branch is made there and HEAD names it; no file is touched.
                await git.RunAsync(mirror, ["update-ref", localRef, startCommit], cancellationToken);
                await git.RunAsync(path, ["symbolic-ref", "HEAD", localRef], cancellationToken);
            }
            else if (warmCommit is not null)
            {
                // Only the files that differ from the warm worktree's commit are written.
                await git.RunAsync(path, ["checkout", "--quiet", "--no-track", "-B", request.Branch, start], cancellationToken);
            }
            else
            {
                await git.RunAsync(mirror, ["worktree", "add", "--quiet", "--no-track", "-B", request.Branch, path, start], cancellationToken);
            }

            new WorkspaceRecord(request.RepositoryUrl, mirror, request.Base, request.Branch, baseCommit).Write(sessionDirectory);
            _warm.Refill(mirror, commits[baseRef]);
            return new Workspace(path, request.RepositoryUrl, request.Branch, baseCommit, sessionDirectory, home);
        }
    }

    /// <summary>
    /// Clones and fetches the repository's mirror and checks its warm worktrees out at <paramref name="base"/>,
    /// so that the next sessions on it start at once (a repository an automation names, at start).
    /// </summary>
    public async Task WarmAsync(string repositoryUrl, string @base, CancellationToken cancellationToken)
    {
        var mirror = MirrorDirectory(repositoryUrl);
        var credential = await GitRemoteCredential.ForAsync(credentials, repositoryUrl, cancellationToken);
        string commit;
        using (await _mirrorLocks.AcquireAsync(mirror, cancellationToken))
        {
            await EnsureMirrorAsync(repositoryUrl, mirror, credential, cancellationToken);
            await git.RunAsync(mirror, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], credential, cancellationToken);
            commit = await git.RunAsync(mirror, ["rev-parse", RemoteBranches + @base + "^{commit}"], cancellationToken);
        }

        await _warm.FillAsync(mirror, commit, cancellationToken);
    }

    public async Task<SetupResult> RunSetupAsync(Workspace workspace, IReadOnlyList<string> commands, TimeSpan timeout, Func<string, string, CancellationToken, ValueTask> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(commands);
        var sessionId = Path.GetFileName(workspace.SessionDirectory);
        Directory.CreateDirectory(workspace.HomeDirectory);
        foreach (var command in commands)
        {
            var outcome = await ProcessSupervisor.RunAsync(
                new ProcessSpec
                {
                    FileName = "/bin/sh",
                    Arguments = ["-c", command],
                    WorkingDirectory = workspace.Path,
                    Environment = AgentEnvironment.Build(sessionId, workspace.HomeDirectory, "/dev/null", []),
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
                return new SetupResult($"setup command '{command}' exited with code {outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
            }
        }

        return SetupResult.Ok;
    }

    public async Task RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        var sessionDirectory = SessionDirectory(sessionId);
        if (!Directory.Exists(sessionDirectory))
        {
            return;
        }

        var record = WorkspaceRecord.Read(sessionDirectory);
        if (record is null || !Directory.Exists(record.Mirror))
        {
            Directory.Delete(sessionDirectory, recursive: true);
            return;
        }

        using (await _mirrorLocks.AcquireAsync(record.Mirror, cancellationToken))
        {
            await DiscardWorktreeAsync(record.Mirror, record.Mirror, Path.Combine(sessionDirectory, "repo"), cancellationToken);
            if (Directory.Exists(sessionDirectory))
            {
                Directory.Delete(sessionDirectory, recursive: true);
            }

            // The session's local branch goes with it; what was pushed stays on the remote.
            await git.ExitCodeAsync(record.Mirror, ["branch", "--quiet", "-D", record.Branch], cancellationToken);
        }
    }

    public IReadOnlyList<string> ListSessions()
    {
        if (!Directory.Exists(workspacesRoot))
        {
            return [];
        }

        var sessions = Directory.GetDirectories(workspacesRoot).Select(Path.GetFileName).OfType<string>().ToList();
        sessions.Sort(StringComparer.Ordinal);
        return sessions;
    }

    private static bool IsWorktree(string path) => File.Exists(Path.Combine(path, ".git"));

    /// <summary>The commits of those of <paramref name="references"/> that exist, in one git call.</summary>
    private async Task<Dictionary<string, string>> CommitsAsync(string mirror, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var listed = await git.RunAsync(mirror, ["for-each-ref", "--format=%(refname) %(objectname)", .. references], cancellationToken);
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // A pattern also lists the refs below it (main/x under main): only exact names count.
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && references.Contains(line[..space], StringComparer.Ordinal))
            {
                commits[line[..space]] = line[(space + 1)..];
            }
        }

        return commits;
    }

    /// <summary>Clones the bare mirror once; a clone cut short is never mistaken for a mirror, since it is moved into place only when complete.</summary>
    private async Task EnsureMirrorAsync(string repositoryUrl, string mirror, GitRemoteCredential? credential, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(mirror, "HEAD")))
        {
            return;
        }

        Directory.CreateDirectory(mirrorsRoot);
        if (Directory.Exists(mirror))
        {
            Directory.Delete(mirror, recursive: true);
        }

        var partial = $"{mirror}.partial-{Guid.NewGuid():N}";
        try
        {
            await git.RunAsync(mirrorsRoot, ["clone", "--quiet", "--bare", "--no-tags", "--", repositoryUrl, partial], credential, cancellationToken);

            // Fetched branches go to refs/remotes/origin/, so they never collide with the sessions' branches,
            // and the remote is not a mirror remote: a worktree pushes its own branch and nothing else.
            await git.RunAsync(partial, ["config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"], cancellationToken);
            await git.ExitCodeAsync(partial, ["config", "--unset-all", "remote.origin.mirror"], cancellationToken);
            await git.RunAsync(partial, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], credential, cancellationToken);

            // The clone's own copies of the remote's branches would shadow nothing but confuse everything.
            var cloned = await git.RunAsync(partial, ["for-each-ref", "--format=delete %(refname)", "refs/heads/"], cancellationToken);
            if (cloned.Length > 0)
            {
                await git.RunAsync(partial, ["update-ref", "--stdin"], cloned + "\n", cancellationToken);
            }

            Directory.Move(partial, mirror);
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    /// <summary>
    /// An ended session's kept worktree may still have a shared branch checked out; git lets a branch be
    /// checked out in one worktree only, so that worktree lets go of it (detaches). The branch lock makes
    /// sure no session is running there.
    /// </summary>
    private async Task ReleaseBranchAsync(string mirror, string branch, CancellationToken cancellationToken)
    {
        var worktrees = await git.RunAsync(mirror, ["worktree", "list", "--porcelain"], cancellationToken);
        string? current = null;
        var prunable = false;
        foreach (var line in worktrees.Split('\n'))
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                current = line["worktree ".Length..];
            }
            else if (line.StartsWith("prunable", StringComparison.Ordinal))
            {
                prunable = true;
            }
            else if (line == $"branch refs/heads/{branch}" && current is not null && Directory.Exists(current))
            {
                await git.RunAsync(current, ["checkout", "--quiet", "--detach"], cancellationToken);
            }
        }

        // A worktree whose folder is gone (removed by hand) still holds its branch until it is pruned.
        if (prunable)
        {
            await git.RunAsync(mirror, ["worktree", "prune"], cancellationToken);
        }
    }

    /// <summary>Removes a worktree and its registration; a folder git no longer knows is deleted all the same.</summary>
    private async Task DiscardWorktreeAsync(string mirror, string? recordedMirror, string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var owner = recordedMirror is not null && Directory.Exists(recordedMirror) ? recordedMirror : mirror;
            await git.ExitCodeAsync(owner, ["worktree", "remove", "--force", "--force", path], cancellationToken);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            await git.ExitCodeAsync(owner, ["worktree", "prune"], cancellationToken);
        }
    }

    private static string MirrorName(string repositoryUrl)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repositoryUrl)))[..12];
        var trimmed = repositoryUrl.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^4];
        }

        var parts = trimmed.Split(['/', ':', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var readable = string.Join('-', parts.TakeLast(2));
        var slug = new StringBuilder(readable.Length);
        foreach (var character in readable)
        {
            slug.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-' ? char.ToLowerInvariant(character) : '-');
        }

        var name = slug.ToString().Trim('.', '-');
        if (name.Length > 60)
        {
            name = name[..60];
        }

        return name.Length == 0 ? hash : $"{name}-{hash}";
    }
}
