using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Workers;

/// <summary>
/// Takes session jobs from the queue and runs them, <see cref="WorkerOptions.Concurrency"/> at a time.
/// While a session runs, a heartbeat extends its lease. On stop, running sessions get
/// <see cref="WorkerOptions.ShutdownGrace"/> to finish; then their agents are killed and their jobs go
/// back to the queue.
/// </summary>
public sealed partial class SessionWorker(
    IJobQueue queue,
    SessionRunner runner,
    ISessionStore sessions,
    ISessionLocks locks,
    RunningSessions running,
    WorkSignal signal,
    IOptions<AutomationsOptions> options,
    ILogger<SessionWorker> logger,
    TimeProvider time) : BackgroundService
{
    private readonly WorkerOptions _worker = options.Value.Worker;
    private readonly TimeSpan _heartbeat = options.Value.Queue.LeaseDuration / 3;
    private readonly TimeSpan _lockLease = options.Value.Queue.LeaseDuration;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_worker.Enabled)
        {
            Log.Disabled(logger);
            return Task.CompletedTask;
        }

        var prefix = $"{Environment.MachineName}:{Environment.ProcessId}";
        return Task.WhenAll(Enumerable.Range(1, _worker.Concurrency).Select(i => Task.Run(() => LoopAsync($"{prefix}:{i}", stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(string workerId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IJobLease? lease;
            try
            {
                lease = await queue.TryLeaseAsync(workerId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.QueueError(logger, ex);
                lease = null;
            }

            if (lease is null)
            {
                try
                {
                    await signal.WaitAsync(_worker.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            await using (lease)
            {
                await RunAsync(lease, workerId, stoppingToken);
            }
        }
    }

    private async Task RunAsync(IJobLease lease, string workerId, CancellationToken stoppingToken)
    {
        var job = lease.Job;
        using var run = new CancellationTokenSource();
        using var registration = running.Register(job.SessionId, run);
        await using var grace = stoppingToken.Register(() => run.CancelAfter(_worker.ShutdownGrace));
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, run, heartbeatStop.Token);
        Log.Started(logger, job.SessionId, job.Automation, lease.Attempt);

        SessionRunResult result;
        try
        {
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

        try
        {
            var error = result.Error ?? "unknown error";
            switch (result.Outcome)
            {
                case SessionRunOutcome.Finished:
                    // Checkpoint: the session's rest is recorded; completing the job is the last step. A crash
                    // right here runs the job again, and the runner sees the session at rest and stops.
                    await lease.CompleteAsync(CancellationToken.None);
                    Log.Finished(logger, job.SessionId, result.Error ?? "ok");
                    break;
                case SessionRunOutcome.Postponed:
                    await lease.PostponeAsync(result.Delay ?? TimeSpan.FromSeconds(1), CancellationToken.None);
                    break;
                case SessionRunOutcome.Interrupted:
                    await runner.RecordRequeueAsync(job.SessionId, stoppingToken.IsCancellationRequested ? "the engine stopped; the job goes back to the queue" : error, CancellationToken.None);
                    await lease.ReleaseAsync(CancellationToken.None);
                    Log.Requeued(logger, job.SessionId);
                    break;
                default:
                    var dead = await lease.FailAsync(error, CancellationToken.None);
                    await (dead
                        ? runner.GiveUpAsync(job.SessionId, lease.Attempt, error, CancellationToken.None)
                        : runner.RecordRetryAsync(job.SessionId, lease.Attempt, error, CancellationToken.None));
                    break;
            }
        }
        catch (Exception ex)
        {
            // The lease runs out by itself and the job comes back: nothing is lost.
            Log.QueueError(logger, ex);
        }
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
            Log.QueueError(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Workers are disabled (Automations:Worker:Enabled=false); jobs stay queued")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Session {SessionId} of {Automation}: attempt {Attempt} started")]
        public static partial void Started(ILogger logger, string sessionId, string automation, int attempt);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Session {SessionId} finished: {Result}")]
        public static partial void Finished(ILogger logger, string sessionId, string result);

        [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Session {SessionId} was interrupted; its job is back in the queue")]
        public static partial void Requeued(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Session {SessionId} failed outside the agent; it will be retried")]
        public static partial void RunFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Queue operation failed")]
        public static partial void QueueError(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Session {SessionId}: the lease was lost to another worker; this run stops")]
        public static partial void LeaseLost(ILogger logger, string sessionId);
    }
}
