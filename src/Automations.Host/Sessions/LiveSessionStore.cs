using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Sessions;

/// <summary>The session store, publishing every append to <see cref="SessionEventHub"/> once it is committed.</summary>
public sealed class LiveSessionStore(ISessionStore inner, SessionEventHub hub, TimeProvider time) : ISessionStore
{
    public Task<Session?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken) => inner.GetEventsAsync(id, afterSeq, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetEventsButOutputAsync(string id, long afterSeq, CancellationToken cancellationToken) => inner.GetEventsButOutputAsync(id, afterSeq, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(string id, long afterSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        inner.GetEventPageAsync(id, afterSeq, limit, types, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetEventsBeforeAsync(string id, long beforeSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        inner.GetEventsBeforeAsync(id, beforeSeq, limit, types, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetLatestEventsAsync(IReadOnlyList<string> sessionIds, string type, int perSession, CancellationToken cancellationToken) =>
        inner.GetLatestEventsAsync(sessionIds, type, perSession, cancellationToken);

    public Task<long> CountCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.CountCreatedSinceAsync(since, cancellationToken);

    public Task<Session?> FindByBranchAsync(string repository, string branch, CancellationToken cancellationToken) => inner.FindByBranchAsync(repository, branch, cancellationToken);

    public Task<Session?> FindByIssueAsync(string repository, long number, CancellationToken cancellationToken) => inner.FindByIssueAsync(repository, number, cancellationToken);

    public Task<Session?> FindBySlackThreadAsync(string thread, CancellationToken cancellationToken) => inner.FindBySlackThreadAsync(thread, cancellationToken);

    public async Task<Session?> AnswerAsync(string sessionId, long questionSeq, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var session = await inner.AnswerAsync(sessionId, questionSeq, events, cancellationToken);
        if (session is not null)
        {
            Publish(sessionId, events, session.LastSeq);
        }

        return session;
    }

    public async Task<Session?> AppendUnlessEndedAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var session = await inner.AppendUnlessEndedAsync(sessionId, events, cancellationToken);
        if (session is not null)
        {
            Publish(sessionId, events, session.LastSeq);
        }

        return session;
    }

    public Task<IReadOnlyList<Session>> ListOpenOnBaseAsync(string repository, string @base, CancellationToken cancellationToken) => inner.ListOpenOnBaseAsync(repository, @base, cancellationToken);

    public async Task<Session> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var session = await inner.AppendAsync(sessionId, events, cancellationToken);
        Publish(sessionId, events, session.LastSeq);
        return session;
    }

    public async Task<Session> PostAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var session = await inner.PostAsync(sessionId, events, cancellationToken);
        Publish(sessionId, events, session.LastSeq);
        return session;
    }

    public async Task<LockedAppend> AppendLockedAsync(string sessionId, string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        var appended = await inner.AppendLockedAsync(sessionId, lockKey, expiresAt, events, cancellationToken);
        if (appended.Session is { } session)
        {
            Publish(sessionId, events, session.LastSeq);
        }

        return appended;
    }

    public async Task CreateAsync(SessionSeed seed, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        await inner.CreateAsync(seed, events, cancellationToken);
        Publish(seed.Id, events, events.Count);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task HeartbeatAsync(string sessionId, CancellationToken cancellationToken) => inner.HeartbeatAsync(sessionId, cancellationToken);

    public Task<IReadOnlyList<string>> MarkStuckAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken) => inner.MarkStuckAsync(staleBefore, cancellationToken);

    public Task<string?> ConcurrencyHolderAsync(string automation, string key, CancellationToken cancellationToken) => inner.ConcurrencyHolderAsync(automation, key, cancellationToken);

    public Task<decimal> SpentSinceAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken) => inner.SpentSinceAsync(automation, since, cancellationToken);

    public Task<IReadOnlyList<string>> ListEndedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) => inner.ListEndedBeforeAsync(before, limit, cancellationToken);

    private void Publish(string sessionId, IReadOnlyList<SessionEventDraft> events, long last)
    {
        if (events.Count == 0)
        {
            return;
        }

        // Sequence numbers are consecutive within one append, so the last one names them all.
        var at = time.GetUtcNow();
        var first = last - events.Count + 1;
        hub.Publish(sessionId, [.. events.Select((e, i) => new SessionEvent(sessionId, first + i, at, e.Type, e.Data))]);
    }
}
