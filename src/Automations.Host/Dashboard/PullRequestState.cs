using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// Where a session's pull request stands, as its card shows it: its checks (<c>passed</c>, <c>failed</c>,
/// <c>pending</c>) and its review (<c>approved</c>, <c>changes requested</c>, <c>waiting</c>), from the
/// pull request's latest facts (<see cref="PullRequestFollower"/> records them as <c>pull_request</c>
/// events) and the status they moved the session to. Null parts are not known.
/// </summary>
public sealed record PullRequestState(string? Checks, string? Review)
{
    /// <summary>The facts read per card: the latest few say all a card shows.</summary>
    public const int Facts = 10;

    /// <param name="session">The session, with its pull request.</param>
    /// <param name="facts">Its latest <c>pull_request</c> events, in order.</param>
    public static PullRequestState Of(Session session, IEnumerable<SessionEvent> facts)
    {
        string? checks = null, review = null;
        foreach (var kind in facts.Select(e => e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty("kind", out var k) ? k.GetString() : null))
        {
            (checks, review) = kind switch
            {
                PullRequestFact.CiFailed => ("failed", review),
                PullRequestFact.CiPassed => ("passed", review),
                PullRequestFact.Approved => (checks, "approved"),
                PullRequestFact.ChangesRequested => (checks, "changes requested"),
                _ => (checks, review),
            };
        }

        // The status is the follower's last word: it outranks an older fact.
        return session.Status switch
        {
            SessionStatus.PrOpen => new(checks ?? "pending", review ?? "waiting"),
            SessionStatus.CiFailed => new("failed", review),
            SessionStatus.ReviewPending => new("passed", review ?? "waiting"),
            SessionStatus.ChangesRequested => new(checks, "changes requested"),
            SessionStatus.Approved => new(checks == "failed" ? "failed" : "pending", "approved"),
            SessionStatus.Mergeable => new("passed", "approved"),
            _ => new(checks, review),
        };
    }
}
