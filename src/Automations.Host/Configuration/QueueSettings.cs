using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class QueueSettings
{
    /// <summary>How long a taken job stays invisible without a heartbeat. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs of a job before it is dead. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay, doubled each time, with jitter. Default 15 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest delay between retries. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);
}
