using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// What a session needs from a person, in the order the front page shows it: an answer, then help when it
/// is stuck, errored or blocked, then a review, then nothing yet (working, queued), then nothing (ended).
/// </summary>
public static class Attention
{
    public static readonly IReadOnlyList<Lane> Lanes =
    [
        new("answer", "Answer", "The agent asked a question."),
        new("unstick", "Unstick", "Stuck, errored, or blocked on something outside it."),
        new("review", "Review", "A pull request waits for a person or failed its checks."),
        new("working", "Working", "An agent is on it."),
        new("queued", "Queued", "Waiting for a worker."),
        new("done", "Done", "Ended."),
    ];

    /// <summary>The statuses of sessions that have not ended: what "stop all" stops, and what the front page reads in full.</summary>
    public static readonly IReadOnlyList<string> Live =
    [
        SessionStatus.NeedsInput, SessionStatus.Stuck, SessionStatus.PrOpen, SessionStatus.ChangesRequested, SessionStatus.CiFailed,
        SessionStatus.ReviewPending, SessionStatus.Approved, SessionStatus.Mergeable, SessionStatus.Working, SessionStatus.Spawning, SessionStatus.Queued,
    ];

    public static string LaneOf(Session session) => session.Status switch
    {
        SessionStatus.NeedsInput => "answer",
        SessionStatus.Stuck or SessionStatus.Errored => "unstick",
        _ when session.Activity == SessionActivity.Blocked && !SessionStatus.IsTerminal(session.Status) => "unstick",
        SessionStatus.PrOpen or SessionStatus.ChangesRequested or SessionStatus.CiFailed => "review",
        SessionStatus.ReviewPending or SessionStatus.Approved or SessionStatus.Mergeable => "review",
        SessionStatus.Working or SessionStatus.Spawning => "working",
        SessionStatus.Queued => "queued",
        _ => "done",
    };

    /// <summary>The sessions grouped by lane, in lane order; within a lane, the newest first.</summary>
    public static IReadOnlyList<(Lane Lane, IReadOnlyList<Session> Sessions)> Sort(IEnumerable<Session> sessions)
    {
        var byLane = sessions.DistinctBy(s => s.Id).ToLookup(LaneOf);
        return [.. Lanes.Select(l => (l, (IReadOnlyList<Session>)[.. byLane[l.Key].OrderByDescending(s => s.Id, StringComparer.Ordinal)]))];
    }

    /// <summary>A group on the front page.</summary>
    public sealed record Lane(string Key, string Title, string Hint);
}
