using System.ComponentModel.DataAnnotations;

namespace Automations.Storage;

/// <summary>How leases and retries behave.</summary>
public sealed record QueueOptions : IValidatableObject
{
    /// <summary>How long a taken job stays invisible without a heartbeat. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be at least 1 second.")]
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs of a job before it is dead. Default 5.</summary>
    [Range(1, 100, ErrorMessage = "must be between {1} and {2}.")]
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry's delay, doubled on each later one (with jitter). Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest delay between retries. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult("must be at least RetryBaseDelay.", [nameof(RetryMaxDelay)]);
        }
    }
}
