using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// Settles a job on its lease after a run, and records on the session what the lease did: completed,
/// postponed, requeued (the engine stopped), retrying or dead. A run cut short by a person's stop is not
/// an interruption: the session is <c>killed</c>, and the job is done.
/// </summary>
internal static class JobSettler
{
    public static async Task<JobSettlement> SettleAsync(IJobLease lease, SessionRunResult result, SessionRunner runner, ISessionStore sessions, bool engineStopping, TimeSpan duration, TimeProvider time)
    {
        var id = lease.Job.SessionId;
        var standing = result.Standing ?? await runner.StandingAsync(id, CancellationToken.None);
        var settlement = new JobSettlement(JobEnd.Completed, id, lease.Attempt, standing, duration);
        // The error is shown (events, the queue, logs): a repository URL in it loses its user and password.
        var error = RepositoryLocation.WithoutUserInfo(result.Error ?? "unknown error");
        switch (result.Outcome)
        {
            case SessionRunOutcome.Postponed:
                var delay = result.Delay ?? TimeSpan.FromSeconds(1);
                await lease.PostponeAsync(delay, CancellationToken.None);
                return settlement with { End = JobEnd.Postponed, Until = time.GetUtcNow() + delay, Reason = result.Error };
            case SessionRunOutcome.Interrupted when standing is null || !SessionStatus.IsTerminal(standing.Status):
                var reason = engineStopping ? "the engine stopped; the job goes back to the queue" : error;
                if (standing is not null)
                {
                    await sessions.AppendAsync(id, [SessionEvents.Of(SessionEventTypes.Requeued, new { reason }), SessionEvents.Status(SessionStatus.Queued, "requeued")], CancellationToken.None);
                }

                await lease.ReleaseAsync(CancellationToken.None);
                return settlement with { End = JobEnd.Requeued, Standing = standing is null ? null : standing with { Status = SessionStatus.Queued }, Reason = reason };
            case SessionRunOutcome.Retry:
                var retryAt = await lease.FailAsync(error, CancellationToken.None);
                if (standing is null)
                {
                    return settlement with { End = retryAt is null ? JobEnd.Dead : JobEnd.Retrying, Until = retryAt, Reason = error };
                }

                if (retryAt is not null)
                {
                    await sessions.AppendAsync(id, [SessionEvents.Of("attempt_failed", new { attempt = lease.Attempt, error })], CancellationToken.None);
                    return settlement with { End = JobEnd.Retrying, Until = retryAt, Reason = error };
                }

                var gaveUp = await sessions.AppendAsync(id, [SessionEvents.Status(SessionStatus.Errored, $"gave up after {lease.Attempt} attempt(s): {error}")], CancellationToken.None);
                return settlement with { End = JobEnd.Dead, Standing = standing with { Status = gaveUp.Status }, Reason = error };
            default:
                // Checkpoint: the session's rest is recorded; completing the job is the last step. A crash right
                // here runs the job again, and the runner sees the session at rest and stops.
                await lease.CompleteAsync(CancellationToken.None);
                return settlement with { Reason = result.Error };
        }
    }
}
