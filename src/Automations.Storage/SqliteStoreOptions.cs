namespace Automations.Storage;

/// <summary>Where the embedded store lives.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The SQLite file. Default: <c>automations.db</c> in the data directory.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// How many deliveries one group commit may hold. Each is acknowledged only after the commit that
    /// holds it. Default 256.
    /// </summary>
    public int MaxBatch { get; init; } = 256;
}
