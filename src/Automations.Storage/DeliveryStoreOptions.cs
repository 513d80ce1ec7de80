namespace Automations.Storage;

/// <summary>How deliveries are written.</summary>
public sealed record DeliveryStoreOptions
{
    /// <summary>
    /// How many deliveries one group commit may hold. Each is acknowledged only after the commit that
    /// holds it. Default 256.
    /// </summary>
    public int MaxBatch { get; init; } = 256;
}
