using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Tests.Sessions;

/// <summary>A session store that only records what is appended, for code that only appends.</summary>
internal sealed class RecordingSessionStore : ISessionStore
{
    private readonly List<SessionEventDraft> _appended = [];

    public IReadOnlyList<SessionEventDraft> Appended
    {
        get
        {
            lock (_appended)
            {
                return [.. _appended];
            }
        }
    }

    public IReadOnlyList<string> Activities => [.. Appended.Where(e => e.Type == SessionEventTypes.Activity).Select(e => e.Data.GetProperty("activity").GetString()!)];

    /// <summary>How long each append takes, as a busy single writer would; the wait honours cancellation.</summary>
    public TimeSpan AppendDelay { get; init; }

    public async Task<Session> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken)
    {
        if (AppendDelay > TimeSpan.Zero)
        {
            await Task.Delay(AppendDelay, cancellationToken);
        }

        lock (_appended)
        {
            _appended.AddRange(events);
            return new Session
            {
                Id = sessionId, Automation = "recorded", Status = SessionStatus.Working, Trigger = new SessionTrigger("test", "test", "test"),
                CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, LastSeq = _appended.Count,
            };
        }
    }

    public Task<Session?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<LockedAppend> AppendLockedAsync(string sessionId, string lockKey, DateTimeOffset expiresAt, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionEvent>> GetEventsButOutputAsync(string id, long afterSeq, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(string id, long afterSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionEvent>> GetEventsBeforeAsync(string id, long beforeSeq, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionEvent>> GetLatestEventsAsync(IReadOnlyList<string> sessionIds, string type, int perSession, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long> CountCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session?> FindByIssueAsync(string repository, long number, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session?> FindBySlackThreadAsync(string thread, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session?> AnswerAsync(string sessionId, long questionSeq, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session?> FindByBranchAsync(string repository, string branch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Session>> ListOpenOnBaseAsync(string repository, string @base, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session?> AppendUnlessEndedAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Session> PostAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CreateAsync(SessionSeed seed, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task HeartbeatAsync(string sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> MarkStuckAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string?> ConcurrencyHolderAsync(string automation, string key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<decimal> SpentSinceAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListEndedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
}
