using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:Scheduler</c>: the in-process scheduler of <c>schedule:</c> triggers.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Fire schedules from this process. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often due slots are looked for. Default 1 second, so per-second crons fire on time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30", ErrorMessage = "must be between 0 and 30 seconds.")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}
