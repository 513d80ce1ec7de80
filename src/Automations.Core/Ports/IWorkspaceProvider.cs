namespace Automations.Core.Ports;

/// <summary>Prepares, sets up and removes sessions' git workspaces.</summary>
public interface IWorkspaceProvider
{
    /// <summary>
    /// A checkout of <see cref="WorkspaceRequest.RepositoryUrl"/> on the session's branch. With
    /// <see cref="WorkspaceRequest.Reuse"/>, an existing checkout of the session is kept as it is (a
    /// follow-up turn, or a run that resumes the agent), and a checkout that was removed is made again
    /// from the session's branch if it was pushed, else from the base; without it, any checkout is
    /// discarded and the session starts again from the base. <see cref="Workspace.BaseCommit"/> is the
    /// commit the session's branch started from, the same across turns.
    /// </summary>
    Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken);

    /// <summary>Removes the session's checkout and its files. Removing what is not there is not an error.</summary>
    Task RemoveAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The sessions that have a workspace folder on disk, in ordinal order: what a retention sweep looks at.</summary>
    IReadOnlyList<string> ListSessions();
}
