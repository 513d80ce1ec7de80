namespace Automations.Core.Schedules;

/// <summary>What a schedule does with slots missed while the engine was down (<c>catch_up:</c>).</summary>
public enum CatchUp
{
    /// <summary>One run, for the latest missed slot (the default).</summary>
    Latest,

    /// <summary>A run for every missed slot, at most <see cref="ScheduleSlots.MaxSlots"/> (the latest ones).</summary>
    All,

    /// <summary>No run for missed slots; only slots that are on time fire.</summary>
    None,
}
