using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// What a session's page shows: one page of its transcript (the latest, unless the person paged back), the
/// prompt its agent was first given, its latest statuses and, while it waits, the questions it asked. Four
/// bounded reads, however long the session.
/// </summary>
public sealed record SessionView(Session Session, TranscriptPage Page, string? Prompt, IReadOnlyList<SessionEvent> Statuses)
{
    /// <summary>Status changes the details panel lists: the latest.</summary>
    private const int TimelineLimit = 200;

    /// <summary>
    /// The questions with choices the agent waits on: those of the status that made it <c>needs_input</c>;
    /// null when it does not wait, or asked in free text only.
    /// </summary>
    public IReadOnlyList<StructuredQuestion>? Questions => Asking is { } asking ? StructuredQuestions.Read(asking.Data) : null;

    /// <summary>
    /// The sequence number of the question the agent waits on (its <c>needs_input</c> status): the answer form sends it,
    /// so an answer to a question another surface answered meanwhile is refused, not taken as a follow-up.
    /// </summary>
    public long? QuestionSeq => Asking?.Seq;

    /// <summary>The status that made the session <c>needs_input</c>, while it waits.</summary>
    private SessionEvent? Asking =>
        Session.Status == SessionStatus.NeedsInput && Statuses.Count > 0 && Statuses[^1].Data is { ValueKind: System.Text.Json.JsonValueKind.Object } data
        && data.TryGetProperty("status", out var status) && status.ValueEquals(SessionStatus.NeedsInput)
            ? Statuses[^1]
            : null;

    public static async Task<SessionView?> LoadAsync(ISessionStore store, string id, long? before, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } session)
        {
            return null;
        }

        var page = await TranscriptPage.LoadAsync(store, session, before, cancellationToken);
        var prompt = await store.GetEventPageAsync(id, 0, 1, [SessionEventTypes.Prompt], cancellationToken);
        var statuses = await store.GetEventsBeforeAsync(id, session.LastSeq + 1, TimelineLimit, [SessionEventTypes.Status], cancellationToken);
        return new SessionView(
            session,
            page,
            prompt.Count > 0 && prompt[0].Data.TryGetProperty("text", out var text) ? text.GetString() : null,
            statuses);
    }
}
