namespace Automations.Core.Ports;

/// <summary>Prepares a fresh git checkout for a session.</summary>
public interface IWorkspaceProvider
{
    /// <summary>Clones <see cref="WorkspaceRequest.RepositoryUrl"/> at its base and checks out the session's branch.</summary>
    Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken);
}

public sealed record WorkspaceRequest(string SessionId, string RepositoryUrl, string Base, string Branch);

/// <summary>
/// A prepared checkout. <paramref name="SessionDirectory"/> holds it and the session's other files;
/// <paramref name="HomeDirectory"/> is the agent's HOME, kept across turns and retries.
/// </summary>
public sealed record Workspace(string Path, string RepositoryUrl, string Branch, string BaseCommit, string SessionDirectory, string HomeDirectory);
