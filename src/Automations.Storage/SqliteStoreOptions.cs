namespace Automations.Storage;

/// <summary>Where the embedded store lives.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>
    /// How many deliveries one group commit may hold. Each is acknowledged only after the commit that
    /// holds it. Default 256.
    /// </summary>
    public int MaxBatch { get; init; } = 256;
}
