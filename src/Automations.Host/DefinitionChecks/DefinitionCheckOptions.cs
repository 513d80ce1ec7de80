using System.ComponentModel.DataAnnotations;

namespace Automations.Host.DefinitionChecks;

/// <summary><c>Automations:Checks</c>: the check run on a pull request that changes <c>.automations/</c>.</summary>
public sealed class DefinitionCheckOptions
{
    /// <summary>Check pull requests that change automations. Default true; nothing is checked without a GitHub token or App.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The check run's name on the pull request. Default <c>automations</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty.")]
    public string Name { get; set; } = "automations";

    /// <summary>How many of the latest stored deliveries each changed automation is tried against. Default 200.</summary>
    [Range(1, 5000, ErrorMessage = "must be between 1 and 5000.")]
    public int Deliveries { get; set; } = 200;

    /// <summary>How often a worker looks for checks due, besides being woken by the webhook. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "must be between 0.1 seconds and an hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a taken check is the worker's before another may take it. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between a second and an hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a check that keeps failing (GitHub down, the head gone) is given up. Default 5.</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 5;
}
