namespace Automations.Storage;

/// <summary>How deliveries are written.</summary>
public sealed record DeliveryStoreOptions
{
    /// <summary>
    /// How many deliveries one group commit may hold. Each is acknowledged only after the commit that
    /// holds it. Default 256.
    /// </summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>
    /// How many refused deliveries (unsigned, mis-signed, stale) are kept, newest first; older ones roll off,
    /// and only their counts by source and reason stay. A flood of forgeries cannot fill the disk. Default 1,000.
    /// </summary>
    public int RefusedCap { get; init; } = 1000;
}
