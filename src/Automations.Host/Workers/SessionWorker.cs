using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Workers;

/// <summary>
/// Takes session jobs from the queue and runs them, <see cref="WorkerOptions.Concurrency"/> at a time.
/// While a session runs, a heartbeat extends its lease (<see cref="JobRun"/>). On stop, running sessions get
/// <see cref="WorkerOptions.ShutdownGrace"/> to finish; then their agents are killed and their jobs go
/// back to the queue.
/// </summary>
public sealed partial class SessionWorker(
    IJobQueue queue,
    SessionRunner runner,
    JobRun jobRun,
    WorkSignal signal,
    IOptions<AutomationsOptions> options,
    ILogger<SessionWorker> logger) : BackgroundService
{
    private readonly WorkerOptions _worker = options.Value.Worker;

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
        var result = await jobRun.RunAsync(lease, workerId, stoppingToken);

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

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Workers are disabled (Automations:Worker:Enabled=false); jobs stay queued")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Session {SessionId} finished: {Result}")]
        public static partial void Finished(ILogger logger, string sessionId, string result);

        [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Session {SessionId} was interrupted; its job is back in the queue")]
        public static partial void Requeued(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Queue operation failed")]
        public static partial void QueueError(ILogger logger, Exception exception);
    }
}
