using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// One page of a session's transcript: the events of one range of sequence numbers, folded, read in one
/// bounded read however long the session is. The latest page unless the person asked for the one before a
/// sequence number (the page link, or "Show earlier" fetching <c>/console/sessions/{id}/transcript</c>).
/// </summary>
public sealed record TranscriptPage(string SessionId, IReadOnlyList<TranscriptItem> Items, long FirstSeq, long LastSeq, long SessionLastSeq)
{
    /// <summary>The page ends at the session's newest event: live events follow it.</summary>
    public bool IsLatest => LastSeq >= SessionLastSeq;

    /// <summary>Where the page before this one ends (exclusive), or null at the first event.</summary>
    public long? EarlierBefore => FirstSeq > 1 ? FirstSeq : null;

    public static async Task<TranscriptPage> LoadAsync(ISessionStore store, Session session, long? before, CancellationToken cancellationToken)
    {
        var end = before is { } b && b > 0 && b <= session.LastSeq ? b - 1 : session.LastSeq;
        var after = Math.Max(0, end - Transcript.PageSize);
        var events = await store.GetEventPageAsync(session.Id, after, (int)(end - after), null, cancellationToken);
        return new TranscriptPage(
            session.Id,
            Transcript.Fold(events),
            events.Count > 0 ? events[0].Seq : end + 1,
            events.Count > 0 ? events[^1].Seq : end,
            session.LastSeq);
    }
}
