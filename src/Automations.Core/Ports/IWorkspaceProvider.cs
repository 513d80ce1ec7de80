namespace Automations.Core.Ports;

/// <summary>Prepares a fresh git checkout for a session.</summary>
public interface IWorkspaceProvider
{
    /// <summary>Clones <see cref="WorkspaceRequest.RepositoryUrl"/> at its base and checks out the session's branch.</summary>
    Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken);
}
