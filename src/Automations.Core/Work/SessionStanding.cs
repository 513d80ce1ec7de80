using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>Where a session stands after a run of its job: what the worker's log line tells.</summary>
/// <param name="Status">Its status.</param>
/// <param name="Turn">The number of agent turns it has had (prompts), follow-ups included.</param>
/// <param name="Attempt">The number of times a worker has run its job, follow-ups and retries included.</param>
/// <param name="CostUsd">What its agent has spent.</param>
public sealed record SessionStanding(string Status, int Turn, int Attempt, decimal CostUsd)
{
    /// <summary>The events it is counted from.</summary>
    public static readonly IReadOnlyList<string> Counted = [SessionEventTypes.Prompt, SessionEventTypes.Attempt];

    /// <summary>Counts the session's turns and attempts from its events.</summary>
    public static SessionStanding Of(Session session, IReadOnlyList<SessionEvent> events) => new(
        session.Status,
        events.Count(e => e.Type == SessionEventTypes.Prompt),
        events.Count(e => e.Type == SessionEventTypes.Attempt),
        session.CostUsd);
}
