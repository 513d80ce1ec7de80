using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Definitions.Actions;
using Automations.Core.Sessions;
using Automations.Integrations.Slack;

namespace Automations.Integrations.Actions;

/// <summary>
/// <c>notify</c>: the moments people should know of (<see cref="NotifyWhen"/>) are posted to each route that
/// names them, once per moment (<c>notify:{route}:{seq}</c>, the event that made it), with a link to the
/// session's page in the console. A status is told while the session is still in it; a follow-up past its
/// limit is <c>retries_exhausted</c>. An <c>escalation</c> event (a session still waiting for a person after
/// <c>escalate_after</c>) is told once (<c>notify:escalate:{seq}</c>), to the route after the first that told it.
/// </summary>
internal sealed class NotifyStep(SlackThreadStep slack)
{
    public const string Prefix = "notify:";

    public async Task RunAsync(ActionRun run, CancellationToken cancellationToken)
    {
        var routes = run.Definition.Notify;
        foreach (var (when, seq, reason) in Moments(run))
        {
            for (var i = 0; i < routes.Count && run.Deferred is null; i++)
            {
                if (routes[i].When.Contains(when))
                {
                    await slack.PostOnceAsync(run, $"{Prefix}{i}:{seq}", routes[i].Slack, Text(run, when, reason, escalated: null), cancellationToken);
                }
            }
        }

        foreach (var escalation in run.Events.Where(e => e.Type == SessionEventTypes.Escalation).ToList())
        {
            var seq = escalation.Data.GetProperty("seq").GetInt64();
            var when = NotifyWhen.OfStatus(Read(escalation.Data, "status"));
            var first = routes.ToList().FindIndex(r => when is not null && r.When.Contains(when));
            if (run.Deferred is not null || first < 0)
            {
                continue;
            }

            var route = routes[Math.Min(first + 1, routes.Count - 1)];
            await slack.PostOnceAsync(run, $"{Prefix}escalate:{seq.ToString(CultureInfo.InvariantCulture)}", route.Slack, Text(run, when!, null, Read(escalation.Data, "after")), cancellationToken);
        }
    }

    /// <summary>The moments of the session so far: the status it is in, when it is one, and each follow-up past its limit.</summary>
    private static IEnumerable<(string When, long Seq, string? Reason)> Moments(ActionRun run)
    {
        var moved = run.Events.LastOrDefault(e => e.Type is SessionEventTypes.Status or SessionEventTypes.PullRequest && Read(e.Data, "status") is not null);
        if (moved is not null && Read(moved.Data, "status") == run.Session.Status && NotifyWhen.OfStatus(run.Session.Status) is { } when)
        {
            yield return (when, moved.Seq, Read(moved.Data, "reason"));
        }

        foreach (var entry in run.Ledger.Entries.Where(e => e.Key.StartsWith(FollowUpStep.Prefix, StringComparison.Ordinal) && e.Result is { } r && r.TryGetProperty("skipped", out _)))
        {
            yield return (NotifyWhen.RetriesExhausted, entry.Seq, Read(entry.Result!.Value, "reason"));
        }
    }

    private static string Text(ActionRun run, string when, string? reason, string? escalated)
    {
        var text = new StringBuilder();
        if (escalated is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Still waiting after {escalated}: ");
        }

        text.Append(CultureInfo.InvariantCulture, $"*{when}*: automation *{SlackStatusBlocks.Escape(run.Definition.Name)}*, session `{run.Session.Id}`");
        if (reason is not null)
        {
            text.Append(": ").Append(SlackStatusBlocks.Escape(reason));
        }

        if (run.Session.PullRequest is { } pullRequest)
        {
            text.Append(CultureInfo.InvariantCulture, $". Pull request <{pullRequest.Url}|#{pullRequest.Number}>");
        }

        text.Append(run.SessionUrl is { } url ? $". <{url.AbsoluteUri}|Open the session>" : ".");
        return text.ToString();
    }

    private static string? Read(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
