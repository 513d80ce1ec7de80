namespace Automations.Storage;

/// <summary>How leases and retries behave.</summary>
public sealed record QueueOptions
{
    /// <summary>How long a taken job stays invisible without a heartbeat. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs of a job before it is dead. Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry's delay, doubled on each later one (with jitter). Default 15 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest delay between retries. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(10);
}
