using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>Sessions and their append-only events.</summary>
public interface ISessionStore
{
    Task<Session?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>The session's events with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// The session's events with a sequence number above <paramref name="afterSeq"/>, in order, but for its agent's
    /// output (<see cref="SessionEventTypes.Token"/>): what a run decides by, without the bulk of the transcript.
    /// </summary>
    Task<IReadOnlyList<SessionEvent>> GetEventsButOutputAsync(string id, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> of the session's events with a sequence number above
    /// <paramref name="afterSeq"/>, in order; only those of <paramref name="types"/> when it is given. A page of
    /// a long transcript, or its status timeline, without reading the rest.
    /// </summary>
    Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(string id, long afterSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="limit"/> of the session's events with a sequence number below
    /// <paramref name="beforeSeq"/>, in order (oldest first); only those of <paramref name="types"/> when it is
    /// given. The latest statuses, question or pull request news of a long session, without reading the rest.
    /// </summary>
    Task<IReadOnlyList<SessionEvent>> GetEventsBeforeAsync(string id, long beforeSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken);

    /// <summary>
    /// For each of <paramref name="sessionIds"/>, its newest <paramref name="perSession"/> events of
    /// <paramref name="type"/> (not <c>token</c>), by session, in order: one read for a page of cards.
    /// </summary>
    Task<IReadOnlyList<SessionEvent>> GetLatestEventsAsync(IReadOnlyList<string> sessionIds, string type, int perSession, CancellationToken cancellationToken);

    /// <summary>How many sessions were created at or after <paramref name="since"/>.</summary>
    Task<long> CountCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events in order and, in the same transaction, applies their changes to the session.
    /// Returns the session they produced (<see cref="Session.LastSeq"/> is the last one's number).
    /// </summary>
    Task<Session> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="AppendAsync"/>, and in the same transaction makes the session's job runnable again
    /// (or, while it runs, makes it run once more when it ends): a message for the agent is never stranded.
    /// </summary>
    Task<Session> PostAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the session lock <paramref name="lockKey"/> until <paramref name="expiresAt"/> (as
    /// <see cref="ISessionLocks.TryAcquireAsync"/> does) and, only when the session got it, appends the events, in
    /// one transaction: one wait for the store's commit where there were two.
    /// </summary>
    Task<LockedAppend> AppendLockedAsync(string sessionId, string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>Creates a session with its first events and its job, in one transaction (a session by hand, or a clone).</summary>
    Task CreateAsync(SessionSeed seed, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>Removes the session, its events, its job and its locks. False if there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records that the session's worker is alive.</summary>
    Task HeartbeatAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every <c>working</c> session whose heartbeat is older than
    /// <paramref name="staleBefore"/> to <c>stuck</c>, in one transaction. Returns their ids.
    /// </summary>
    Task<IReadOnlyList<string>> MarkStuckAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken);

    /// <summary>
    /// The session that holds the automation's concurrency key: the earliest (by id, which is time-ordered)
    /// that has not ended, queued ones included. Null when none has it.
    /// </summary>
    Task<string?> ConcurrencyHolderAsync(string automation, string key, CancellationToken cancellationToken);

    /// <summary>What the automation's sessions created since <paramref name="since"/> have spent.</summary>
    Task<decimal> SpentSinceAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Ids of terminal sessions last changed before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ListEndedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The newest session whose pull request is #<paramref name="number"/> of <paramref name="repository"/>, or, failing
    /// that, the newest one an event about that issue or pull request started; null when there is none.
    /// </summary>
    Task<Session?> FindByIssueAsync(string repository, long number, CancellationToken cancellationToken);

    /// <summary>The session whose Slack thread is <paramref name="thread"/> (<c>channel/ts</c>), or null.</summary>
    Task<Session?> FindBySlackThreadAsync(string thread, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="PostAsync"/>, and only while the question asked at <paramref name="questionSeq"/> (its
    /// <c>needs_input</c> status event) is still open: checked and written in one transaction, so of two answers at
    /// once exactly one is taken. Null, with nothing written, when that question was answered or is not the open one.
    /// </summary>
    Task<Session?> AnswerAsync(string sessionId, long questionSeq, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="AppendAsync"/>, and only while the session has not ended (its status is not terminal): checked
    /// and written in one transaction, so a stop from another instance is never written over. Null, with nothing
    /// written, when it had ended.
    /// </summary>
    Task<Session?> AppendUnlessEndedAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);

    /// <summary>The newest session on <paramref name="branch"/> of <paramref name="repository"/> (<c>owner/name</c>), or null: where a pull request's events go.</summary>
    Task<Session?> FindByBranchAsync(string repository, string branch, CancellationToken cancellationToken);

    /// <summary>
    /// Up to 100 sessions of <paramref name="repository"/> (<c>owner/name</c>) whose pull request is open against
    /// <paramref name="base"/> (<see cref="SessionStatus.PullRequestOpen"/>), newest first: those a push to the base may put in conflict.
    /// </summary>
    Task<IReadOnlyList<Session>> ListOpenOnBaseAsync(string repository, string @base, CancellationToken cancellationToken);
}
