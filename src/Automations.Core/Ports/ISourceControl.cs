namespace Automations.Core.Ports;

/// <summary>Records a session's change and publishes its branch.</summary>
public interface ISourceControl
{
    /// <summary>Commits what the agent left in the workspace, then pushes the branch to the remote.</summary>
    Task<PushResult> CommitAndPushAsync(Workspace workspace, CommitInfo commit, CancellationToken cancellationToken);

    /// <summary>
    /// The files that conflict when branch <paramref name="base"/> of <paramref name="repositoryUrl"/> is merged into
    /// branch <paramref name="head"/>, as the remote has them now (a trial merge, nothing written); empty when it merges cleanly.
    /// </summary>
    Task<IReadOnlyList<string>> ConflictsAsync(string repositoryUrl, string @base, string head, CancellationToken cancellationToken);
}
