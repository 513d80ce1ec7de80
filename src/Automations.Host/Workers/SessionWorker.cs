using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Automations.Host.Instances;
using Microsoft.Extensions.Options;

namespace Automations.Host.Workers;

/// <summary>
/// <c>serve</c>'s workers: each takes a job from the store's queue and runs it to its settlement
/// (<see cref="JobRunner"/>), <see cref="WorkerOptions.Concurrency"/> at a time. On stop, running sessions
/// get <see cref="WorkerOptions.ShutdownGrace"/> to finish; then their agents are stopped and their jobs go
/// back to the queue.
/// </summary>
public sealed partial class SessionWorker(
    IJobQueue queue,
    JobRunner jobs,
    WorkSignal signal,
    ThisInstance self,
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

        // Each worker's id is its lease owner: the queue page finds this instance's running jobs by it.
        return Task.WhenAll(Enumerable.Range(1, _worker.Concurrency).Select(i => Task.Run(() => LoopAsync(self.WorkerId(i), stoppingToken), CancellationToken.None)));
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
                await jobs.RunAsync(lease, workerId, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Workers are disabled (Automations:Worker:Enabled=false); jobs stay queued")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Queue operation failed")]
        public static partial void QueueError(ILogger logger, Exception exception);
    }
}
