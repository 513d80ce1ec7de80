using NCrontab;
using NodaTime;

namespace Automations.Core.Schedules;

/// <summary>
/// A parsed <c>schedule:</c> trigger: a cron expression of 5 fields (minute precision) or 6 (seconds first),
/// read in a tzdb time zone, and what to do with missed slots. Immutable; equal when the expression, the zone
/// and the catch-up rule are.
/// </summary>
public sealed record CronSchedule
{
    private CronSchedule(string expression, CrontabSchedule crontab, DateTimeZone zone)
    {
        Expression = expression;
        Crontab = crontab;
        Zone = zone;
    }

    /// <summary>The cron expression as written, trimmed.</summary>
    public string Expression { get; }

    /// <summary>The tzdb id of the zone the expression is read in, such as <c>Europe/Berlin</c>. Default <c>UTC</c>.</summary>
    public string TimeZone => Zone.Id;

    /// <summary>Default <see cref="CatchUp.Latest"/>.</summary>
    public CatchUp CatchUp { get; init; } = CatchUp.Latest;

    /// <summary>Whether the expression has a seconds field (6 fields).</summary>
    public bool IncludesSeconds => Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;

    internal CrontabSchedule Crontab { get; }

    internal DateTimeZone Zone { get; }

    /// <summary>Parses a cron expression and a tzdb zone id (null or empty: UTC).</summary>
    /// <param name="cron">5 fields (<c>minute hour day month weekday</c>) or 6 with seconds first.</param>
    /// <param name="timezone">A tzdb id such as <c>Europe/Berlin</c>; null or empty for UTC.</param>
    /// <param name="schedule">The schedule, with <see cref="CatchUp.Latest"/>; null on failure.</param>
    /// <param name="error">Why the text is not a schedule; null on success.</param>
    public static bool TryParse(string cron, string? timezone, out CronSchedule? schedule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(cron);
        schedule = null;
        var expression = string.Join(' ', cron.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var fields = expression.Length == 0 ? 0 : expression.Count(c => c == ' ') + 1;
        if (fields is not (5 or 6))
        {
            error = $"cron '{cron}' has {fields} field{(fields == 1 ? "" : "s")}: write 5 (minute hour day month weekday) or 6 (seconds first)";
            return false;
        }

        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 };
        var crontab = CrontabSchedule.TryParse(expression, options, c => (CrontabSchedule?)c, _ => null);
        if (crontab is null)
        {
            error = $"cron '{cron}' is not valid: each field is *, a number, a range (1-5), a list (1,3), a step (*/15) or a name (MON, JAN)";
            return false;
        }

        var zone = string.IsNullOrWhiteSpace(timezone) ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timezone.Trim());
        if (zone is null)
        {
            error = $"unknown time zone '{timezone}': write a tzdb id such as Europe/Berlin, America/New_York or UTC";
            return false;
        }

        // A date that never comes (30 February) would leave the scheduler waiting forever; say so now.
        var probe = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var limit = probe.AddYears(30);
        if (crontab.GetNextOccurrence(probe, limit) >= limit)
        {
            error = $"cron '{cron}' never fires: no date matches it";
            return false;
        }

        schedule = new CronSchedule(expression, crontab, zone);
        error = null;
        return true;
    }

    public bool Equals(CronSchedule? other) =>
        other is not null && Expression == other.Expression && TimeZone == other.TimeZone && CatchUp == other.CatchUp;

    public override int GetHashCode() => HashCode.Combine(Expression, TimeZone, CatchUp);

    public override string ToString() => $"{Expression} ({TimeZone}, catch_up: {CatchUp.ToString().ToLowerInvariant()})";
}
