using Automations.Agents.Sandbox;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A session's workspace is a git repository of its own in <c>{workspacesRoot}/{session}/repo</c>, on the
/// session's branch, that borrows the objects of its repository's mirror (<see cref="Mirrors"/>) read-only,
/// with the agent's HOME in <c>home/</c> beside it. Both belong to the sandbox's user; the session's
/// folder, with the engine's own records, does not. Everything git does in the repository runs confined
/// (<see cref="Git.RunConfinedAsync"/>), since an agent may have changed its config or hooks. A new
/// session's repository is a warm one when one is ready (<see cref="WarmWorktrees"/>): made and checked
/// out ahead of time, moved into place and switched to the branch.
/// </summary>
/// <param name="mirrors">The repositories' mirrors.</param>
/// <param name="workspacesRoot">Where sessions' folders are made.</param>
/// <param name="warmWorktrees">How many repositories per mirror are kept checked out ahead of time (in <c>warm/</c> beside the mirrors); 0 for none.</param>
public sealed class GitWorkspaceProvider(Mirrors mirrors, string workspacesRoot, int warmWorktrees = 2) : IWorkspaceProvider
{
    private readonly WarmWorktrees _warm = new(mirrors.Git, Path.Combine(Path.GetDirectoryName(mirrors.Root) ?? mirrors.Root, "warm"), warmWorktrees);

    private IProcessSandbox Sandbox => mirrors.Git.Sandbox;

    public string SessionDirectory(string sessionId) => Path.Combine(workspacesRoot, sessionId);

    /// <summary>Where the mirror of <paramref name="repositoryUrl"/> is kept.</summary>
    public string MirrorDirectory(string repositoryUrl) => mirrors.DirectoryOf(repositoryUrl);

    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mirror = mirrors.DirectoryOf(request.RepositoryUrl);
        var objects = Mirrors.ObjectsOf(mirror);
        var sessionDirectory = SessionDirectory(request.SessionId);
        var path = Path.Combine(sessionDirectory, "repo");
        var home = Path.Combine(sessionDirectory, "home");

        using (await mirrors.Locks.AcquireAsync(mirror, cancellationToken))
        {
            var record = WorkspaceRecord.Read(sessionDirectory);
            if (request.Reuse && record is not null && IsRepository(path))
            {
                // A follow-up turn or a resumed agent: the checkout is kept exactly as the agent left it.
                MakeFolder(home);
                return Workspace(request, path, record.BaseCommit, sessionDirectory, home, record.Mirror);
            }

            // One look at the refs: the base, and the session's branch if it is already on the remote; fetched
            // first unless the mirror is known to be new enough for this session.
            var baseRef = Mirrors.RemoteBranch(request.Base);
            var pushedRef = Mirrors.RemoteBranch(request.Branch);
            var (commits, fetched) = await RefsAsync(request, mirror, [baseRef, pushedRef], cancellationToken);
            if (!commits.TryGetValue(baseRef, out var baseCommit))
            {
                throw new GitException($"base branch '{request.Base}' does not exist in {request.RepositoryUrl}");
            }

            // At-least-once: whatever an earlier attempt left is discarded; only a pushed branch survives a Reuse.
            await DiscardAsync(path, mirror, cancellationToken);

            var startCommit = commits[baseRef];
            // A branch already on the remote is continued: a Reuse whose checkout is gone, or a second
            // session on a shared branch (`branch:` in the definition), which the branch lock serializes.
            if (commits.TryGetValue(pushedRef, out var pushedCommit))
            {
                startCommit = pushedCommit;
                baseCommit = record is not null && string.Equals(record.Mirror, mirror, StringComparison.Ordinal)
                    ? record.BaseCommit
                    : await mirrors.Git.RunAsync(mirror, ["merge-base", baseRef, pushedRef], cancellationToken);
            }

            Directory.CreateDirectory(sessionDirectory);
            MakeFolder(home);
            // The repository is new, warm or made now: no agent has had it yet, so git needs no sandbox around it.
            if (_warm.TryTake(mirror, path) is { } warm)
            {
                if (warm.Base == request.Base && warm.Commit == commits[baseRef] && startCommit == warm.Commit)
                {
                    // The usual case, in one git process: origin/<base> is already there, and a new branch at the
                    // commit checked out touches no file.
                    await mirrors.Git.RunGitAsSandboxUserAsync(path, ["checkout", "--quiet", "--no-track", "-b", request.Branch], cancellationToken);
                }
                else
                {
                    await mirrors.Git.RunAsSandboxUserAsync(path, SessionRepositoryScripts.Take, [request.Base, commits[baseRef], request.Branch, startCommit, warm.Commit], cancellationToken);
                }
            }
            else
            {
                MakeFolder(path);
                await mirrors.Git.RunAsSandboxUserAsync(path, SessionRepositoryScripts.Create, [objects, request.Base, commits[baseRef], request.Branch, startCommit], cancellationToken);
            }

            new WorkspaceRecord(request.RepositoryUrl, mirror, request.Base, request.Branch, baseCommit).Write(sessionDirectory);
            _warm.Refill(mirror, request.Base, commits[baseRef]);
            return Workspace(request, path, baseCommit, sessionDirectory, home, mirror) with { Fetched = fetched };
        }
    }

    /// <summary>
    /// Clones and fetches the repository's mirror and checks its warm repositories out at <paramref name="base"/>,
    /// so that the next sessions on it start at once (a repository an automation names, at start).
    /// </summary>
    public async Task WarmAsync(string repositoryUrl, string @base, CancellationToken cancellationToken)
    {
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        string commit;
        using (await mirrors.Locks.AcquireAsync(mirror, cancellationToken))
        {
            await mirrors.UpdateAsync(repositoryUrl, mirror, cancellationToken);
            commit = await mirrors.Git.RunAsync(mirror, ["rev-parse", Mirrors.RemoteBranch(@base) + "^{commit}"], cancellationToken);
        }

        await _warm.FillAsync(mirror, @base, commit, cancellationToken);
    }

    /// <summary>
    /// The commits of <paramref name="references"/> in the mirror, fetched first (cloned the first time) unless the
    /// request says how new it must be and the mirror is known to be that new (<see cref="Mirrors.IsFreshAsync"/>).
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, string> Commits, bool Fetched)> RefsAsync(WorkspaceRequest request, string mirror, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        if (request.Freshness is { } wanted && Mirrors.Exists(mirror))
        {
            var known = await mirrors.CommitsAsync(mirror, references, cancellationToken);
            if (await mirrors.IsFreshAsync(request.RepositoryUrl, mirror, request.Base, wanted, known.GetValueOrDefault(references[0]), cancellationToken))
            {
                return (known, false);
            }
        }

        await mirrors.UpdateAsync(request.RepositoryUrl, mirror, cancellationToken);
        return (await mirrors.CommitsAsync(mirror, references, cancellationToken), true);
    }

    public async Task RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        var sessionDirectory = SessionDirectory(sessionId);
        if (!Directory.Exists(sessionDirectory))
        {
            return;
        }

        var record = WorkspaceRecord.Read(sessionDirectory);
        Folders.Delete(sessionDirectory);
        if (record is not null && Directory.Exists(record.Mirror))
        {
            await mirrors.DeleteBranchAsync(record.Mirror, record.Branch, cancellationToken);
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

    /// <summary>What git in the session's repository sees: the repository, the mirror's objects, nothing else.</summary>
    internal static SandboxMounts Mounts(string path, string objects, string sessionDirectory, string? home, bool readOnly = false) => new()
    {
        WorkingDirectory = path,
        WorkingDirectoryReadOnly = readOnly,
        ReadOnly = [objects],
        StateDirectory = sessionDirectory,
        Home = home,
        Network = NetworkAccess.None,
    };

    private static Workspace Workspace(WorkspaceRequest request, string path, string baseCommit, string sessionDirectory, string home, string mirror) =>
        new(path, request.RepositoryUrl, request.Branch, baseCommit, sessionDirectory, home) { ObjectStore = Mirrors.ObjectsOf(mirror) };

    /// <summary>A session's repository, not a worktree of the mirror (as before the sandbox), whose <c>.git</c> is a file.</summary>
    private static bool IsRepository(string path) => Directory.Exists(Path.Combine(path, ".git"));

    private void MakeFolder(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            Sandbox.HandOver(path);
        }
    }

    /// <summary>Removes a session's repository; one left as a worktree of the mirror, from before the sandbox, is unregistered too.</summary>
    private async Task DiscardAsync(string path, string mirror, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        var wasWorktree = File.Exists(Path.Combine(path, ".git"));
        Folders.Delete(path);
        if (wasWorktree)
        {
            await mirrors.Git.ExitCodeAsync(mirror, ["worktree", "prune"], cancellationToken);
        }
    }
}
