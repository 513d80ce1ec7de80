using System.Text.RegularExpressions;
using Automations.Core.Actors;
using Automations.Core.Definitions;
using Automations.Core.Schedules;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// One changed automation tried against the stored events: how many it would have matched, the most
/// common reasons it missed the others, the sessions it would start in a day (matches over the events'
/// span scaled to a day, plus its schedules' slots in the next day), and the most they could spend.
/// A reason names a field and what was wanted, never the value a delivery had: the check is as public
/// as the pull request, and the deliveries may come from elsewhere.
/// </summary>
public sealed partial record DryRun(AutomationDefinition Definition, int Tried, int Matched, IReadOnlyList<(string Reason, int Count)> Misses, double FromEvents, int SlotsPerDay)
{
    /// <summary>More slots than this in a day is "at least" this many (a per-second cron).</summary>
    private const int MaxSlots = 100_000;

    public double SessionsPerDay => FromEvents + SlotsPerDay;

    /// <summary>The worst-case spend in a day: the budget caps it; else sessions times the most one session may cost; null when nothing caps it.</summary>
    public decimal? WorstSpendPerDay
    {
        get
        {
            decimal? bySessions = Definition.Agent.MaxCostUsd is { } max ? (decimal)Math.Ceiling(SessionsPerDay) * max : null;
            return Definition.Budget?.DailyUsd is { } daily ? Math.Min(daily, bySessions ?? daily) : bySessions;
        }
    }

    public static DryRun Of(AutomationDefinition definition, DefinitionSet set, StoredEvents events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(events);
        var matched = 0;
        var misses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events.Events)
        {
            var explanation = set.Explain(e).First(x => x.Name == definition.Name);
            var refusal = explanation.Matched && ActorPolicy.Decide(definition, e) is { Allowed: false } ? $"{e.Kind} by an actor that actors: does not allow" : null;
            if (explanation.Matched && refusal is null)
            {
                matched++;
                continue;
            }

            var reason = refusal ?? Redacted(explanation.Reason);
            misses[reason] = misses.GetValueOrDefault(reason) + 1;
        }

        var perDay = matched * (TimeSpan.FromDays(1) / events.Span);
        var slots = definition.Enabled ? definition.Triggers.Where(t => t.Schedule is not null).Sum(t => SlotsIn(t.Schedule!, now, now.AddDays(1))) : 0;
        return new DryRun(definition, events.Events.Count, matched, [.. misses.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Take(3).Select(m => (m.Key, m.Value))], perDay, slots);
    }

    /// <summary>Each <c>{path} is {value}, wanted {condition}</c> as <c>{path} is not {condition}</c>.</summary>
    internal static string Redacted(string reason) =>
        string.Join("; ", reason.Split("; ").Select(part => WhereFailure().Match(part) is { Success: true } m ? $"{m.Groups["path"].Value} is not {m.Groups["wanted"].Value}" : part));

    private static int SlotsIn(CronSchedule schedule, DateTimeOffset from, DateTimeOffset until)
    {
        var count = 0;
        for (var next = ScheduleSlots.Next(schedule, from); next is { } slot && slot <= until && count < MaxSlots; next = ScheduleSlots.Next(schedule, slot))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"^(?<path>\S+) is .*, wanted (?<wanted>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex WhereFailure();
}
