using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Ports;

namespace Automations.Core.Sessions;

/// <summary>
/// Finds sessions still waiting for a person (<see cref="NotifyWhen.Waiting"/>) longer than their definition's
/// <c>escalate_after</c>, and posts an <c>escalation</c> event on each, once per wait: the event wakes the
/// session's job, whose notifications announce it again (<c>notify:escalate:{seq}</c>, exactly once, whoever
/// posted the event and however often). A restart finds the event already there and posts none.
/// </summary>
public sealed class SessionEscalations(ISessionStore sessions, IDefinitionCatalog definitions, TimeProvider time)
{
    /// <summary>How many of a session's latest statuses and escalations are read to find when its wait began.</summary>
    private const int Recent = 50;

    private static readonly string[] Types = [SessionEventTypes.Status, SessionEventTypes.PullRequest, SessionEventTypes.Escalation];

    /// <summary>One pass; the ids of the sessions it escalated.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var escalated = new List<string>();
        foreach (var status in NotifyWhen.Waiting)
        {
            foreach (var session in await sessions.ListAsync(new SessionQuery { Status = status, Limit = 1000 }, cancellationToken))
            {
                if (definitions.Current.Find(session.Automation) is not { EscalateAfter: { } after, Notify.Count: > 0 })
                {
                    continue;
                }

                var recent = await sessions.GetEventsBeforeAsync(session.Id, long.MaxValue, Recent, Types, cancellationToken);
                var since = recent.LastOrDefault(e => e.Type != SessionEventTypes.Escalation && Status(e.Data) is not null);
                if (since is null || Status(since.Data) != session.Status || now - since.At < after
                    || recent.Any(e => e.Type == SessionEventTypes.Escalation && e.Data.TryGetProperty("seq", out var seq) && seq.GetInt64() == since.Seq))
                {
                    continue;
                }

                var data = new { seq = since.Seq, status = session.Status, after = Durations.Format(after) };
                await sessions.PostAsync(session.Id, [SessionEvents.Of(SessionEventTypes.Escalation, data)], cancellationToken);
                escalated.Add(session.Id);
            }
        }

        return escalated;
    }

    private static string? Status(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;
}
