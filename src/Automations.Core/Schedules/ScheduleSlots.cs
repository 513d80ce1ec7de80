using NodaTime;

namespace Automations.Core.Schedules;

/// <summary>
/// The instants a <see cref="CronSchedule"/> fires at. The expression is read in the schedule's zone: each
/// next local time comes from the cron, then becomes an instant. A local time skipped by a DST gap fires once,
/// at the first instant after the gap; a repeated local time fires once, at its earlier occurrence. Pure: the
/// caller gives every instant.
/// </summary>
public static class ScheduleSlots
{
    /// <summary>The most slots <see cref="Due(CronSchedule, DateTimeOffset, DateTimeOffset)"/> returns: 100.</summary>
    public const int MaxSlots = 100;

    /// <summary>
    /// How old a slot may be and still count as on time rather than missed: 1 minute. A scheduler that looks
    /// more often than this never misses a slot in normal running, whatever the catch-up rule.
    /// </summary>
    public static readonly TimeSpan OnTime = TimeSpan.FromMinutes(1);

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when none comes before the year 9999.</summary>
    public static DateTimeOffset? Next(CronSchedule schedule, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var afterInstant = Instant.FromDateTimeOffset(after);
        var cursor = afterInstant.InZone(schedule.Zone).LocalDateTime.ToDateTimeUnspecified();
        var end = DateTime.MaxValue.AddYears(-1);
        while (true)
        {
            var local = schedule.Crontab.GetNextOccurrence(cursor, end);
            if (local >= end)
            {
                return null;
            }

            var instant = ToInstant(schedule.Zone, LocalDateTime.FromDateTime(local));

            // After a repeated hour the cursor's local time is behind the instant's: its slots map to their
            // earlier occurrence, already past, and are stepped over, so the later duplicate never fires.
            if (instant > afterInstant)
            {
                return instant.ToDateTimeOffset();
            }

            cursor = local;
        }
    }

    /// <summary>
    /// The slots to fire now, oldest first: those in (<paramref name="lastFired"/>, <paramref name="now"/>],
    /// with missed ones (older than <see cref="OnTime"/>) handled by the schedule's <see cref="CatchUp"/>.
    /// </summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="lastFired">The last slot fired (exclusive); on first sight, the instant the schedule was first seen.</param>
    /// <param name="now">The current instant (inclusive).</param>
    public static IReadOnlyList<DateTimeOffset> Due(CronSchedule schedule, DateTimeOffset lastFired, DateTimeOffset now) =>
        Due(schedule, lastFired, now, OnTime);

    /// <summary>As <see cref="Due(CronSchedule, DateTimeOffset, DateTimeOffset)"/>, with the on-time window given.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="lastFired">The last slot fired (exclusive).</param>
    /// <param name="now">The current instant (inclusive).</param>
    /// <param name="onTime">A slot at or after <c>now - onTime</c> is on time; an older one was missed.</param>
    public static IReadOnlyList<DateTimeOffset> Due(CronSchedule schedule, DateTimeOffset lastFired, DateTimeOffset now, TimeSpan onTime)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(onTime, TimeSpan.Zero);
        if (now <= lastFired || Next(schedule, lastFired) is not { } first || first > now)
        {
            return [];
        }

        var slots = Latest(schedule, lastFired, now);
        var missed = first < now - onTime;
        return schedule.CatchUp switch
        {
            _ when !missed => slots,
            CatchUp.All => slots,
            CatchUp.Latest => [slots[^1]],
            CatchUp.None => [.. slots.Where(slot => slot >= now - onTime)],
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule.CatchUp, "Unknown catch-up rule."),
        };
    }

    /// <summary>
    /// The latest <see cref="MaxSlots"/> slots in (<paramref name="from"/>, <paramref name="to"/>], oldest first.
    /// Looks back from <paramref name="to"/> over a window that doubles, so a long outage of a frequent schedule
    /// does not walk every slot since <paramref name="from"/>.
    /// </summary>
    private static List<DateTimeOffset> Latest(CronSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var window = TimeSpan.FromMinutes(1);
        while (true)
        {
            var start = to - from <= window ? from : to - window;
            var slots = new Queue<DateTimeOffset>();
            for (var slot = Next(schedule, start); slot is { } s && s <= to; slot = Next(schedule, s))
            {
                if (slots.Count == MaxSlots)
                {
                    slots.Dequeue();
                }

                slots.Enqueue(s);
            }

            if (slots.Count == MaxSlots || start == from)
            {
                return [.. slots];
            }

            window *= 2;
        }
    }

    /// <summary>A local time as an instant: in a gap, the gap's end; when repeated, the earlier occurrence.</summary>
    private static Instant ToInstant(DateTimeZone zone, LocalDateTime local)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count switch
        {
            0 => mapping.LateInterval.Start,
            1 => mapping.Single().ToInstant(),
            _ => mapping.First().ToInstant(),
        };
    }
}
