using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Commits what the agent left and pushes the session's branch to the repository it came from, with the
/// remote's credential from <paramref name="credentials"/> when it has one.
/// </summary>
public sealed class GitSourceControl(Git git, IGitCredentials? credentials = null) : ISourceControl
{
    public async Task<PushResult> CommitAndPushAsync(Workspace workspace, CommitInfo commit, CancellationToken cancellationToken)
    {
        var path = workspace.Path;
        await git.RunAsync(path, ["add", "--all"], cancellationToken);
        var staged = await git.ExitCodeAsync(path, ["diff", "--cached", "--quiet"], cancellationToken);
        if (staged == 1)
        {
            await git.RunAsync(
                path,
                [
                    "-c", $"user.name={commit.AuthorName}", "-c", $"user.email={commit.AuthorEmail}", "-c", "commit.gpgsign=false",
                    "commit", "--quiet", "--no-verify", "-m", commit.Message,
                ],
                cancellationToken);
        }

        var head = await git.RunAsync(path, ["rev-parse", "HEAD"], cancellationToken);
        if (head == workspace.BaseCommit)
        {
            return new PushResult(head, HasChanges: false);
        }

        // The branch belongs to this session alone; a retried run replaces what an earlier attempt pushed.
        var credential = await GitRemoteCredential.ForAsync(credentials, workspace.RepositoryUrl, cancellationToken);
        await git.RunAsync(path, ["push", "--quiet", "--force", "--no-verify", "origin", $"HEAD:refs/heads/{workspace.Branch}"], credential, cancellationToken);
        return new PushResult(head, HasChanges: true);
    }
}
