using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Tests.Sessions;

/// <summary>
/// A session store that counts what a run asks of it: reads of the session, reads of its events, appends; and, given
/// <see cref="BeforeAppend"/>, does something just before an append (a person's stop landing in that moment).
/// </summary>
internal sealed class CountingSessionStore(ISessionStore inner) : ISessionStore
{
    private int _reads;
    private int _eventReads;
    private int _appends;
    private int _eventsReturned;
    private int _pageReads;

    public int Reads => _reads;

    /// <summary>Runs before each append with its events, when set.</summary>
    public Func<IReadOnlyList<SessionEventDraft>, Task>? BeforeAppend { get; set; }

    public int EventReads => _eventReads;

    public int Appends => _appends;

    /// <summary>Reads of a page of events (of some types, after a number).</summary>
    public int PageReads => _pageReads;

    /// <summary>How many events the event reads returned in all: as many as the session has, when none was read twice.</summary>
    public int EventsReturned => _eventsReturned;

    public Task<Session?> GetAsync(string id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _eventReads);
        var events = await inner.GetEventsAsync(id, afterSeq, cancellationToken);
        Interlocked.Add(ref _eventsReturned, events.Count);
        return events;
    }

    public async Task<IReadOnlyList<SessionEvent>> GetEventsButOutputAsync(string id, long afterSeq, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _eventReads);
        var events = await inner.GetEventsButOutputAsync(id, afterSeq, cancellationToken);
        Interlocked.Add(ref _eventsReturned, events.Count);
        return events;
    }

    public Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(string id, long afterSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pageReads);
        return inner.GetEventPageAsync(id, afterSeq, limit, types, cancellationToken);
    }

    public Task<IReadOnlyList<SessionEvent>> GetEventsBeforeAsync(string id, long beforeSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        inner.GetEventsBeforeAsync(id, beforeSeq, limit, types, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> GetLatestEventsAsync(IReadOnlyList<string> sessionIds, string type, int perSession, CancellationToken cancellationToken) =>
        inner.GetLatestEventsAsync(sessionIds, type, perSession, cancellationToken);

    public Task<long> CountCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.CountCreatedSinceAsync(since, cancellationToken);

    public async Task<Session> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        if (BeforeAppend is { } before)
        {
            await before(events);
        }

        return await inner.AppendAsync(sessionId, events, cancellationToken);
    }

    public async Task<LockedAppend> AppendLockedAsync(string sessionId, string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        if (BeforeAppend is { } before)
        {
            await before(events);
        }

        return await inner.AppendLockedAsync(sessionId, lockKey, expiresAt, events, cancellationToken);
    }

    public async Task<Session?> AppendUnlessEndedAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        if (BeforeAppend is { } before)
        {
            await before(events);
        }

        return await inner.AppendUnlessEndedAsync(sessionId, events, cancellationToken);
    }

    public Task<Session> PostAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        return inner.PostAsync(sessionId, events, cancellationToken);
    }

    public Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task CreateAsync(SessionSeed seed, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => inner.CreateAsync(seed, events, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task HeartbeatAsync(string sessionId, CancellationToken cancellationToken) => inner.HeartbeatAsync(sessionId, cancellationToken);

    public Task<IReadOnlyList<string>> MarkStuckAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken) => inner.MarkStuckAsync(staleBefore, cancellationToken);

    public Task<string?> ConcurrencyHolderAsync(string automation, string key, CancellationToken cancellationToken) => inner.ConcurrencyHolderAsync(automation, key, cancellationToken);

    public Task<decimal> SpentSinceAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken) => inner.SpentSinceAsync(automation, since, cancellationToken);

    public Task<IReadOnlyList<string>> ListEndedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) => inner.ListEndedBeforeAsync(before, limit, cancellationToken);

    public Task<Session?> FindByIssueAsync(string repository, long number, CancellationToken cancellationToken) => inner.FindByIssueAsync(repository, number, cancellationToken);

    public Task<Session?> FindBySlackThreadAsync(string thread, CancellationToken cancellationToken) => inner.FindBySlackThreadAsync(thread, cancellationToken);

    public Task<Session?> AnswerAsync(string sessionId, long questionSeq, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => inner.AnswerAsync(sessionId, questionSeq, events, cancellationToken);

    public Task<Session?> FindByBranchAsync(string repository, string branch, CancellationToken cancellationToken) => inner.FindByBranchAsync(repository, branch, cancellationToken);

    public Task<IReadOnlyList<Session>> ListOpenOnBaseAsync(string repository, string @base, CancellationToken cancellationToken) => inner.ListOpenOnBaseAsync(repository, @base, cancellationToken);
}
