using System.Collections.Concurrent;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// The locks a run takes before its agent works: the concurrency key (the earliest live session's), the
/// branch lock (one code-changing session per repository and branch) and a concurrency slot. A held one
/// skips the session or postpones its job, with one <c>waiting</c> event per new reason. The run's first events as
/// it holds them are appended with the last lock it takes, in the same write.
/// </summary>
internal sealed class SessionLocking(ISessionStore sessions, ISessionLocks locks, SessionRunnerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _waitingReasons = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes what the session needs, adding what it holds to <paramref name="held"/>, and appends <paramref name="taken"/>
    /// once it holds it all; a result when the run ends or waits here, with nothing of <paramref name="taken"/> appended.
    /// </summary>
    public async Task<SessionRunResult?> TakeAsync(SessionRun run, RunSettings settings, List<string> held, IReadOnlyList<SessionEventDraft> taken, CancellationToken cancellationToken)
    {
        var session = run.Session;
        var until = time.GetUtcNow() + options.LockLease;
        if (session.ConcurrencyKey is { } concurrencyKey)
        {
            // First come, first served: the earliest session with the key that has not ended holds it, whichever
            // job a worker takes first. An end frees it without anyone releasing it.
            var holder = await sessions.ConcurrencyHolderAsync(session.Automation, concurrencyKey, cancellationToken);
            if (holder is not null && holder != session.Id)
            {
                var reason = $"concurrency key '{concurrencyKey}' is held by live session {holder}";
                return settings.QueueOnConflict
                    ? await PostponeAsync(run, $"waits: {reason}", cancellationToken)
                    : await SessionRunner.FinishAsync(run, SessionStatus.Terminated, $"skipped: {reason}");
            }
        }

        var branchKey = $"branch:{session.RepositoryUrl}#{session.Branch}";
        var branchHolder = settings.ConcurrencyMax is null
            ? await run.AppendLockedAsync(branchKey, until, taken, cancellationToken)
            : await locks.TryAcquireAsync(branchKey, session.Id, until, cancellationToken);
        if (branchHolder is not null)
        {
            return await PostponeAsync(run, $"waits: branch '{session.Branch}' of {session.Repository} is being changed by session {branchHolder}", cancellationToken);
        }

        held.Add(branchKey);
        if (settings.ConcurrencyMax is { } max)
        {
            var slots = Enumerable.Range(0, max).Select(i => $"slot:{session.Automation}:{i}").ToList();
            var slot = await locks.TryAcquireAnyAsync(slots, session.Id, until, cancellationToken);
            if (slot is null)
            {
                return await PostponeAsync(run, $"waits: the automation already runs {max} session(s) (concurrency.max)", cancellationToken);
            }

            held.Add(slot);
            await run.AppendAsync(taken, cancellationToken);
        }

        _waitingReasons.TryRemove(session.Id, out _);
        return null;
    }

    public Task ReleaseAsync(string sessionId, IReadOnlyList<string> held) =>
        held.Count > 0 ? locks.ReleaseAsync(sessionId, held, CancellationToken.None) : Task.CompletedTask;

    private async Task<SessionRunResult> PostponeAsync(SessionRun run, string reason, CancellationToken cancellationToken)
    {
        // One event per new reason, not one per retry.
        if (!_waitingReasons.TryGetValue(run.Id, out var last) || last != reason)
        {
            _waitingReasons[run.Id] = reason;
            await run.AppendAsync([SessionEvents.Of(SessionEventTypes.Waiting, new { reason })], cancellationToken);
        }

        return new SessionRunResult(SessionRunOutcome.Postponed, reason, options.LockRetryDelay);
    }
}
