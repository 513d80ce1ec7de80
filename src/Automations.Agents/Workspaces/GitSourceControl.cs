using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Commits what the agent left, in the session's repository and inside the sandbox, then takes the commit
/// into the mirror and pushes the session's branch from there, with the remote's credential
/// (<see cref="Mirrors.PublishAsync"/>). Neither the credential nor the mirror is ever in the agent's reach.
/// Conflicts are found by a trial merge in the mirror (<c>git merge-tree</c>), which writes no branch and needs no checkout.
/// </summary>
public sealed class GitSourceControl(Mirrors mirrors) : ISourceControl
{
    public async Task<PushResult> CommitAndPushAsync(Workspace workspace, CommitInfo commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(commit);
        var record = WorkspaceRecord.Read(workspace.SessionDirectory)
            ?? throw new GitException($"session folder {workspace.SessionDirectory} has no workspace record");
        var objects = Mirrors.ObjectsOf(record.Mirror);
        var mounts = GitWorkspaceProvider.Mounts(workspace.Path, objects, workspace.SessionDirectory, home: null);
        var head = await mirrors.Git.RunConfinedAsync(mounts, SessionRepositoryScripts.Commit, [commit.AuthorName, commit.AuthorEmail, commit.Message, objects], cancellationToken);
        if (head == workspace.BaseCommit)
        {
            return new PushResult(head, HasChanges: false);
        }

        // The branch belongs to this session alone; a retried run replaces what an earlier attempt pushed.
        await mirrors.PublishAsync(workspace.RepositoryUrl, record.Mirror, mounts with { WorkingDirectoryReadOnly = true }, workspace.Branch, head, cancellationToken);
        return new PushResult(head, HasChanges: true);
    }

    public async Task<IReadOnlyList<string>> ConflictsAsync(string repositoryUrl, string @base, string head, CancellationToken cancellationToken)
    {
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        using (await mirrors.Locks.AcquireAsync(mirror, cancellationToken))
        {
            await mirrors.UpdateAsync(repositoryUrl, mirror, cancellationToken);
        }

        // Exit 0: it merges; 1: the tree's id, then each conflicting file once.
        var (exitCode, output) = await mirrors.Git.TryRunAsync(
            mirror, ["merge-tree", "--write-tree", "--name-only", "--no-messages", Mirrors.RemoteBranch(head), Mirrors.RemoteBranch(@base)], cancellationToken);
        return exitCode switch
        {
            0 => [],
            1 => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)],
            _ => throw new GitException($"git merge-tree of {@base} into {head} failed ({exitCode}): {output.Trim()}"),
        };
    }
}
