using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Workers;

/// <summary>
/// Runs one leased job: the session runner, with a heartbeat that extends the lease and the session's
/// locks while it runs, and a stop that reaches the agent (a person's stop here, or, through the
/// heartbeat, from another instance). What becomes of the job afterwards is the caller's: the standalone
/// worker answers its own queue, the Functions worker answers Service Bus.
/// </summary>
public sealed partial class JobRun(
    SessionRunner runner,
    ISessionStore sessions,
    ISessionLocks locks,
    RunningSessions running,
    IOptions<AutomationsOptions> options,
    ILogger<JobRun> logger,
    TimeProvider time)
{
    private readonly TimeSpan _grace = options.Value.Worker.ShutdownGrace;
    private readonly TimeSpan _heartbeat = options.Value.Queue.LeaseDuration / 3;
    private readonly TimeSpan _lockLease = options.Value.Queue.LeaseDuration;

    /// <summary>
    /// Runs the job until its session comes to rest or the run is cut short. <paramref name="stoppingToken"/>
    /// gives the run <see cref="WorkerOptions.ShutdownGrace"/> before its agent is stopped.
    /// </summary>
    public async Task<SessionRunResult> RunAsync(IJobLease lease, string workerId, CancellationToken stoppingToken)
    {
        var job = lease.Job;
        using var run = new CancellationTokenSource();
        using var registration = running.Register(job.SessionId, run);
        await using var grace = stoppingToken.Register(() => run.CancelAfter(_grace));
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, run, heartbeatStop.Token);
        Log.Started(logger, job.SessionId, job.Automation, lease.Attempt);

        SessionRunResult result;
        try
        {
            // The session has a live worker again before the runner looks at it: the janitor, which marks
            // sessions with a stale heartbeat stuck, either did so before this or does not do it now.
            await sessions.HeartbeatAsync(job.SessionId, run.Token);

            // At-least-once: everything the runner does before the job is completed may run again on another lease.
            result = await runner.RunAsync(job, lease.Attempt, workerId, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            result = new SessionRunResult(SessionRunOutcome.Interrupted, "the run was cut short");
        }
        catch (Exception ex)
        {
            result = new SessionRunResult(SessionRunOutcome.Retry, ex.Message);
            Log.RunFailed(logger, job.SessionId, ex);
        }

        await heartbeatStop.CancelAsync();
        await heartbeat;
        return result;
    }

    private async Task HeartbeatAsync(IJobLease lease, CancellationTokenSource run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_heartbeat, time);
        var sessionId = lease.Job.SessionId;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await lease.ExtendAsync(stop))
                {
                    // Another worker holds the job now: this run must not go on writing as if it owned it.
                    Log.LeaseLost(logger, sessionId);
                    await run.CancelAsync();
                    return;
                }

                var now = time.GetUtcNow();
                await locks.ExtendAsync(sessionId, now + _lockLease, now + _lockLease, stop);
                var session = await sessions.GetAsync(sessionId, stop);
                if (session is null || SessionStatus.IsTerminal(session.Status))
                {
                    // Stopped or deleted from another instance: end the agent here too.
                    await run.CancelAsync();
                    return;
                }

                if (session.Status == SessionStatus.Working)
                {
                    await sessions.HeartbeatAsync(sessionId, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.HeartbeatFailed(logger, sessionId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Session {SessionId} of {Automation}: attempt {Attempt} started")]
        public static partial void Started(ILogger logger, string sessionId, string automation, int attempt);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Session {SessionId} failed outside the agent; it will be retried")]
        public static partial void RunFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Session {SessionId}: the lease was lost to another worker; this run stops")]
        public static partial void LeaseLost(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Session {SessionId}: the heartbeat failed; the lease runs out unless the next one succeeds")]
        public static partial void HeartbeatFailed(ILogger logger, string sessionId, Exception exception);
    }
}
