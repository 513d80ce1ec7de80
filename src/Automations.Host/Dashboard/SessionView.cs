using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// What a session's page shows: one page of its transcript (the latest, unless the person paged back), the
/// prompt its agent was first given, and its statuses. Three bounded reads, however long the session.
/// </summary>
public sealed record SessionView(Session Session, IReadOnlyList<TranscriptItem> Items, long FirstSeq, long LastSeq, bool IsLatest, string? Prompt, IReadOnlyList<SessionEvent> Statuses)
{
    /// <summary>Status changes the details panel lists.</summary>
    private const int TimelineLimit = 200;

    /// <summary>Where the page before this one starts, or null at the first event.</summary>
    public long? EarlierBefore => FirstSeq > 1 ? FirstSeq : null;

    public static async Task<SessionView?> LoadAsync(ISessionStore store, string id, long? before, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } session)
        {
            return null;
        }

        var end = before is { } b && b > 0 && b <= session.LastSeq ? b - 1 : session.LastSeq;
        var after = Math.Max(0, end - Transcript.PageSize);
        var events = await store.GetEventPageAsync(id, after, (int)(end - after), null, cancellationToken);
        var prompt = await store.GetEventPageAsync(id, 0, 1, [SessionEventTypes.Prompt], cancellationToken);
        var statuses = await store.GetEventPageAsync(id, 0, TimelineLimit, [SessionEventTypes.Status], cancellationToken);
        return new SessionView(
            session,
            Transcript.Fold(events),
            events.Count > 0 ? events[0].Seq : end + 1,
            events.Count > 0 ? events[^1].Seq : end,
            end >= session.LastSeq,
            prompt.Count > 0 && prompt[0].Data.TryGetProperty("text", out var text) ? text.GetString() : null,
            statuses);
    }
}
