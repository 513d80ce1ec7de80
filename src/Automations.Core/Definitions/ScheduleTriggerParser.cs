using Automations.Core.Matching;
using Automations.Core.Schedules;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>Reads <c>- schedule: { cron: "0 9 * * MON-FRI", timezone: Europe/Berlin, catch_up: latest }</c>.</summary>
internal static class ScheduleTriggerParser
{
    private const string Example = "schedule: { cron: \"0 9 * * MON-FRI\", timezone: Europe/Berlin }";

    internal static readonly string[] Keys = ["cron", "timezone", "catch_up"];
    internal static readonly string[] CatchUps = ["latest", "all", "none"];

    /// <summary>
    /// The trigger, of kind <c>schedule</c>, or null after reporting why not. Its <c>where</c> holds
    /// <c>subject.title</c> to the automation's name, so a slot's event starts only the automation it is for.
    /// </summary>
    public static TriggerSpec? Parse(YamlMappingNode settings, ParseContext context)
    {
        var errors = context.ErrorCount;
        var entries = context.Entries(settings, Keys, "schedule");
        if (!entries.TryGetValue("cron", out var cronNode))
        {
            context.Error(settings, $"'schedule' needs 'cron', such as {Example}");
            return null;
        }

        var cron = context.Text(cronNode, "cron");
        var timezone = entries.TryGetValue("timezone", out var zoneNode) ? context.Text(zoneNode, "timezone") : null;
        var catchUp = entries.TryGetValue("catch_up", out var catchUpNode) ? CatchUpOf(catchUpNode, context) : CatchUp.Latest;
        if (cron is null || context.ErrorCount > errors)
        {
            return null;
        }

        // The cron first, in UTC, so an error lands on the value that holds it.
        if (!CronSchedule.TryParse(cron, null, out var schedule, out var error)
            || (timezone is not null && !CronSchedule.TryParse(cron, timezone, out schedule, out error)))
        {
            context.Error(error!.StartsWith("unknown time zone", StringComparison.Ordinal) ? zoneNode! : cronNode, error);
            return null;
        }

        var where = context.Automation is { } automation
            ? new WhereFilter([new WhereClause(EventPath.TryParse("subject.title", out _)!, new EqualsCondition(automation))])
            : WhereFilter.Always;
        return new TriggerSpec { Source = "schedule", Kinds = ["schedule"], Where = where, Schedule = schedule! with { CatchUp = catchUp!.Value } };
    }

    private static CatchUp? CatchUpOf(YamlNode node, ParseContext context)
    {
        if (context.Text(node, "catch_up") is not { } text)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "latest":
                return CatchUp.Latest;
            case "all":
                return CatchUp.All;
            case "none":
                return CatchUp.None;
            default:
                var suggestion = Suggestions.Closest(text, CatchUps);
                context.Error(node, $"'catch_up' is latest, all or none, not '{text}'{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}");
                return null;
        }
    }
}
