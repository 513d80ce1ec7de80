namespace Automations.Core.Ports;

/// <summary>
/// A prepared checkout. <paramref name="SessionDirectory"/> holds it and the session's other files;
/// <paramref name="HomeDirectory"/> is the agent's HOME, kept across turns and retries.
/// </summary>
public sealed record Workspace(string Path, string RepositoryUrl, string Branch, string BaseCommit, string SessionDirectory, string HomeDirectory)
{
    /// <summary>An object store the checkout borrows (its mirror's), which the agent may read but not change; null for none.</summary>
    public string? ObjectStore { get; init; }

    /// <summary>The mirror was fetched for this checkout; false when it was known to be new enough, or the checkout was kept.</summary>
    public bool Fetched { get; init; }
}
