using Automations.Core.Definitions;
using Automations.Core.Outcomes;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Schedules;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// What the console shows of one automation: its definition and problems, whether it is paused and why, its
/// next schedule slot and last run, its spend today, and its record over <see cref="AutomationRecord.DefaultWindow"/>.
/// Each is one bounded store read (aggregates, never every session).
/// </summary>
public sealed record AutomationView
{
    /// <summary>Days the charts show.</summary>
    public const int ChartDays = 14;

    public required AutomationDefinition Definition { get; init; }

    /// <summary>Problems of its file (a file with problems gives no definition, unless the problem is another file's).</summary>
    public IReadOnlyList<DefinitionError> Problems { get; init; } = [];

    /// <summary>Why it starts nothing now (its own pause, or all automations'), or null.</summary>
    public string? PausedWhy { get; init; }

    /// <summary>Its own pause: what resume lifts.</summary>
    public AutomationPause? Pause { get; init; }

    public DateTimeOffset? NextSlot { get; init; }

    public Session? LastRun { get; init; }

    public decimal SpentToday { get; init; }

    public required AutomationRecord Record { get; init; }

    /// <summary>Runs and spend per day, oldest first, every one of the last <see cref="ChartDays"/> days; empty unless asked for.</summary>
    public IReadOnlyList<DailyRuns> Days { get; init; } = [];

    /// <summary>The context every view of a page shares; <paramref name="Folder"/> is where definitions are read from.</summary>
    public sealed record Sources(IDefinitionCatalog Definitions, ISessionStore Sessions, IOutcomeStore Outcomes, AutomationPauses Pauses, TimeProvider Time, string? Folder)
    {
        /// <summary>A problem as people read it: its file relative to the definitions' folder, never a path on the engine's disk.</summary>
        public string Shown(DefinitionError error)
        {
            ArgumentNullException.ThrowIfNull(error);
            return (error with { File = ShownFile(error.File) }).ToString();
        }

        /// <summary>A definition's file as people read it: relative to the definitions' folder, or its name alone when outside it.</summary>
        public string ShownFile(string file)
        {
            ArgumentNullException.ThrowIfNull(file);
            var shown = Folder is not null && Path.IsPathRooted(file) ? Path.GetRelativePath(Folder, file) : file;
            return shown.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(shown) ? Path.GetFileName(file) : shown;
        }
    }

    public static async Task<AutomationView> LoadAsync(Sources sources, AutomationDefinition definition, PauseSnapshot pauses, bool withDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(pauses);
        var now = sources.Time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var name = definition.Name;
        return new AutomationView
        {
            Definition = definition,
            Problems = sources.Definitions.Current.Errors.GetValueOrDefault(definition.SourceFile) ?? [],
            PausedWhy = pauses.Why(name),
            Pause = pauses.Of(name),
            NextSlot = definition.Enabled ? definition.Triggers.Where(t => t.Schedule is not null).Select(t => ScheduleSlots.Next(t.Schedule!, now)).Min() : null,
            LastRun = (await sources.Sessions.ListAsync(new SessionQuery { Automation = name, Limit = 1 }, cancellationToken)).FirstOrDefault(),
            SpentToday = await sources.Sessions.SpentSinceAsync(name, today, cancellationToken),
            Record = await sources.Outcomes.RecordOfAsync(name, now - AutomationRecord.DefaultWindow, cancellationToken),
            Days = withDays ? EveryDay(await sources.Outcomes.DailyAsync(name, today.AddDays(1 - ChartDays), cancellationToken), today) : [],
        };
    }

    /// <summary>The days with runs, and the days between them at zero.</summary>
    private static List<DailyRuns> EveryDay(IReadOnlyList<DailyRuns> days, DateTimeOffset today)
    {
        var byDay = days.ToDictionary(d => d.Day);
        var last = DateOnly.FromDateTime(today.UtcDateTime);
        return [.. Enumerable.Range(0, ChartDays).Select(i => last.AddDays(i - ChartDays + 1)).Select(d => byDay.GetValueOrDefault(d) ?? new DailyRuns(d, 0, 0))];
    }
}
