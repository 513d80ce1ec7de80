namespace Automations.Core.Ports;

/// <summary>Records a session's change and publishes its branch.</summary>
public interface ISourceControl
{
    /// <summary>Commits what the agent left in the workspace, then pushes the branch to the remote.</summary>
    Task<PushResult> CommitAndPushAsync(Workspace workspace, CommitInfo commit, CancellationToken cancellationToken);
}
