using System.Globalization;
using System.Text;
using Automations.Core.Definitions;
using Automations.Integrations.GitHub;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// What a pull request's check says: <c>validate</c>'s problems in the changed files as <c>failure</c>
/// annotations at their line and column, and for each changed automation its dry run over the stored
/// deliveries, its projected sessions and its worst-case spend in a day. Its conclusion is <c>failure</c>
/// with a problem, <c>neutral</c> when no changed file holds an automation, else <c>success</c>.
/// </summary>
public sealed record CheckRunReport(IReadOnlyList<string> Changed, IReadOnlyList<DefinitionError> Problems, IReadOnlyList<DryRun> Runs, StoredEvents Events, Uri? ConsoleUrl)
{
    public string Conclusion => Problems.Count > 0 ? "failure" : Runs.Count == 0 ? "neutral" : "success";

    public string Title => Problems.Count > 0
        ? $"{Count(Problems.Count, "problem")} in {Count(Problems.Select(p => p.File).Distinct().Count(), "definition file")}"
        : Runs.Count == 0
            ? "No automation in the changed files"
            : string.Join("; ", Runs.Select(r => $"{r.Definition.Name}: {r.Matched} of {r.Tried} deliveries, {Number(r.SessionsPerDay)} sessions/day"));

    /// <summary>The annotations, in chunks GitHub takes one request at a time.</summary>
    public IReadOnlyList<IReadOnlyList<CheckRunAnnotationDraft>> AnnotationChunks =>
        [.. Problems.Select(p => CheckRunAnnotationDraft.At(p.File, p.Line, p.Column, "failure", p.Message, "automations validate"))
            .Chunk(CheckRunOutputDraft.MaxAnnotations)
            .Select(c => (IReadOnlyList<CheckRunAnnotationDraft>)c)];

    public string Summary
    {
        get
        {
            var summary = new StringBuilder();
            summary.Append(CultureInfo.InvariantCulture, $"Changed: {string.Join(", ", Changed.Select(c => $"`{c}`"))}\n\n");
            if (Problems.Count > 0)
            {
                summary.Append(CultureInfo.InvariantCulture, $"**{Count(Problems.Count, "problem")}**, annotated where each is; `automations validate` finds the same.\n\n");
            }

            if (Runs.Count > 0)
            {
                summary.Append("| Automation | Would have matched | Sessions per day | Worst-case spend per day |\n|---|---|---|---|\n");
                foreach (var run in Runs)
                {
                    summary.Append(CultureInfo.InvariantCulture, $"| `{run.Definition.Name}` | {run.Matched} of {run.Tried} deliveries | {Number(run.SessionsPerDay)}{Slots(run)} | {Spend(run)} |\n");
                }

                summary.Append(CultureInfo.InvariantCulture, $"\nTried against the latest {Count(Events.Events.Count, "stored delivery", "stored deliveries")}, received over {Span(Events.Span)} (an hour at least, so that a burst is not taken for a rate).\n");
            }

            if (ConsoleUrl is not null)
            {
                summary.Append(CultureInfo.InvariantCulture, $"\n[The automations in the console]({ConsoleUrl})\n");
            }

            return summary.ToString();
        }
    }

    /// <summary>Each automation's most common reasons for a miss.</summary>
    public string? Text
    {
        get
        {
            var text = new StringBuilder();
            foreach (var run in Runs.Where(r => r.Misses.Count > 0))
            {
                text.Append(CultureInfo.InvariantCulture, $"### `{run.Definition.Name}`: why it missed\n\n");
                foreach (var (reason, count) in run.Misses)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- {count} × {reason}\n");
                }

                text.Append('\n');
            }

            return text.Length == 0 ? null : text.ToString();
        }
    }

    public CheckRunOutputDraft Output(int chunk) =>
        new(Title, Summary, Text, chunk < AnnotationChunks.Count ? AnnotationChunks[chunk] : []);

    private static string Slots(DryRun run) => run.SlotsPerDay > 0 ? $" ({Count(run.SlotsPerDay, "scheduled slot")})" : string.Empty;

    private static string Spend(DryRun run) => run.WorstSpendPerDay switch
    {
        null => "no cap (set `budget.daily_usd` or `agent.max_cost_usd`)",
        { } usd when run.Definition.Budget?.DailyUsd == usd => $"${usd.ToString("0.00", CultureInfo.InvariantCulture)} (`budget.daily_usd`)",
        { } usd => $"${usd.ToString("0.00", CultureInfo.InvariantCulture)} (sessions × `agent.max_cost_usd`)",
    };

    private static string Number(double value) => value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan span) => span.TotalDays >= 1
        ? Count((int)Math.Round(span.TotalDays), "day")
        : Count((int)Math.Round(span.TotalHours), "hour");

    private static string Count(int count, string one, string? many = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";
}
