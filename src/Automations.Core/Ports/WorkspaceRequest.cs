namespace Automations.Core.Ports;

/// <summary>
/// The session's workspace: <paramref name="Branch"/> made from <paramref name="Base"/> of the repository
/// at <paramref name="RepositoryUrl"/>. With <see cref="Reuse"/>, a checkout the session already has is kept.
/// </summary>
public sealed record WorkspaceRequest(string SessionId, string RepositoryUrl, string Base, string Branch)
{
    public bool Reuse { get; init; }

    /// <summary>How new the mirror must be for a new checkout; null: fetched first, always.</summary>
    public MirrorFreshness? Freshness { get; init; }
}
