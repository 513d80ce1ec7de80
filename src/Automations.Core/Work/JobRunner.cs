using Automations.Core.Observability;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace Automations.Core.Work;

/// <summary>
/// A job's life, for every host: it runs the leased job's session (<see cref="SessionRunner"/>) with a
/// heartbeat that keeps the lease, the locks and the session alive (<see cref="JobHeartbeat"/>), and a stop
/// that reaches the agent (a person's, through <see cref="RunningSessions"/>, or the engine's, after
/// <see cref="JobRunnerOptions.ShutdownGrace"/>); then it settles the job on its lease and tells the
/// session's true end in one log line. The lease decides what a retry or a requeue means: the store's own
/// queue, or Service Bus (<see cref="HandedOverLease"/>).
/// </summary>
public sealed partial class JobRunner(
    SessionRunner runner,
    ISessionStore sessions,
    ISessionLocks locks,
    RunningSessions running,
    JobRunnerOptions options,
    ILogger<JobRunner> logger,
    TimeProvider time)
{
    private readonly JobHeartbeat _heartbeat = new(sessions, locks, options, logger, time);

    /// <summary>Runs the job and settles it. <paramref name="stopping"/> is the engine stopping.</summary>
    public async Task<JobSettlement> RunAsync(IJobLease lease, string workerId, CancellationToken stopping)
    {
        var started = time.GetTimestamp();
        var job = lease.Job;
        using var span = Telemetry.StartJob(job, lease.Attempt)?.SetTag("automations.worker", workerId);
        Log.Started(logger, job.SessionId, job.Automation, lease.Attempt);
        var (result, leaseLost) = await RunSessionAsync(lease, workerId, stopping);
        JobSettlement settlement;
        try
        {
            settlement = leaseLost
                ? new JobSettlement(JobEnd.Requeued, job.SessionId, lease.Attempt, result.Standing, time.GetElapsedTime(started), Reason: "the lease was lost to another worker, which runs the job now; this run wrote nothing more")
                : await JobSettler.SettleAsync(lease, result, runner, sessions, stopping.IsCancellationRequested, time.GetElapsedTime(started), time);
        }
        catch (Exception ex)
        {
            // The lease runs out by itself and the job comes back: nothing is lost.
            settlement = new JobSettlement(JobEnd.Requeued, job.SessionId, lease.Attempt, result.Standing, time.GetElapsedTime(started), Reason: $"settling failed ({ex.Message}); the lease runs out and the job comes back");
            Log.SettleFailed(logger, job.SessionId, ex);
        }

        Log.Ended(logger, Level(settlement), job.SessionId, job.Automation, settlement.Describe());
        span?.SetTag("automations.job.end", settlement.End.ToString()).SetTag("automations.session.status", settlement.Standing?.Status);
        if (settlement.End is JobEnd.Dead)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, settlement.Describe());
        }

        return settlement;
    }

    private async Task<(SessionRunResult Result, bool LeaseLost)> RunSessionAsync(IJobLease lease, string workerId, CancellationToken stopping)
    {
        var sessionId = lease.Job.SessionId;
        using var run = new CancellationTokenSource();
        using var registration = running.Register(sessionId, run);
        await using var grace = stopping.Register(() => run.CancelAfter(options.ShutdownGrace));
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = _heartbeat.RunAsync(lease, run, heartbeatStop.Token);
        SessionRunResult result;
        try
        {
            // The session has a live worker again before the runner looks at it: the janitor, which marks
            // sessions with a stale heartbeat stuck, either did so before this or does not do it now. The
            // store's own queue stamped it with the lease, in the same write.
            if (!lease.BeatSession)
            {
                await sessions.HeartbeatAsync(sessionId, run.Token);
            }

            // At-least-once: everything the runner does before the job is settled may run again on another lease.
            result = await runner.RunAsync(lease.Job, lease.Attempt, workerId, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            result = new SessionRunResult(SessionRunOutcome.Interrupted, "the run was cut short");
        }
        catch (Exception ex)
        {
            Log.RunFailed(logger, sessionId, ex);
            result = new SessionRunResult(SessionRunOutcome.Retry, ex.Message);
        }

        await heartbeatStop.CancelAsync();
        return (result, await heartbeat);
    }

    private static LogLevel Level(JobSettlement settlement) => settlement.End switch
    {
        JobEnd.Postponed => LogLevel.Debug,
        JobEnd.Completed when settlement.Standing?.Status is SessionStatus.Errored => LogLevel.Warning,
        JobEnd.Completed => LogLevel.Information,
        JobEnd.Dead => LogLevel.Error,
        _ => LogLevel.Warning,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Session {SessionId} of {Automation}: job attempt {Attempt} started")]
        public static partial void Started(ILogger logger, string sessionId, string automation, int attempt);

        [LoggerMessage(EventId = 302, Message = "Session {SessionId} of {Automation}: {Settlement}")]
        public static partial void Ended(ILogger logger, LogLevel level, string sessionId, string automation, string settlement);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Session {SessionId} failed outside the agent; it will be retried")]
        public static partial void RunFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 308, Level = LogLevel.Error, Message = "Session {SessionId}: settling its job failed")]
        public static partial void SettleFailed(ILogger logger, string sessionId, Exception exception);
    }
}
