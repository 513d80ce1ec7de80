using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>What the front page shows: the sessions, by what they need, where their pull requests stand, and how many started lately.</summary>
public sealed record FrontPage(
    IReadOnlyList<(Attention.Lane Lane, IReadOnlyList<Session> Sessions)> Lanes, IReadOnlyDictionary<string, PullRequestState> PullRequests, long LastHour, long LastDay, long LastWeek)
{
    /// <summary>Sessions read per live status; ended ones, only the newest few.</summary>
    private const int PerStatus = 100;
    private const int Ended = 30;

    public int LiveCount => Lanes.Where(l => l.Lane.Key != "done").Sum(l => l.Sessions.Count(s => !SessionStatus.IsTerminal(s.Status)));

    public static async Task<FrontPage> LoadAsync(ISessionStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var sessions = new List<Session>();
        foreach (var status in Attention.Live.Append(SessionStatus.Errored))
        {
            sessions.AddRange(await store.ListAsync(new SessionQuery { Status = status, Limit = status == SessionStatus.Errored ? Ended : PerStatus }, cancellationToken));
        }

        sessions.AddRange((await store.ListAsync(new SessionQuery { Limit = Ended }, cancellationToken)).Where(s => SessionStatus.IsTerminal(s.Status)));
        // One read for every card's pull request: the latest facts of each, through the events' index by type.
        var withPullRequest = sessions.Where(s => s.PullRequest is not null).DistinctBy(s => s.Id).ToList();
        var facts = (await store.GetLatestEventsAsync([.. withPullRequest.Select(s => s.Id)], SessionEventTypes.PullRequest, PullRequestState.Facts, cancellationToken)).ToLookup(e => e.SessionId);
        var now = time.GetUtcNow();
        return new FrontPage(
            Attention.Sort(sessions),
            withPullRequest.ToDictionary(s => s.Id, s => PullRequestState.Of(s, facts[s.Id])),
            await store.CountCreatedSinceAsync(now.AddHours(-1), cancellationToken),
            await store.CountCreatedSinceAsync(now.AddDays(-1), cancellationToken),
            await store.CountCreatedSinceAsync(now.AddDays(-7), cancellationToken));
    }
}
