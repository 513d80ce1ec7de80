using Automations.Core.Ports;

namespace Automations.Host.Instances;

/// <summary>
/// <c>serve</c>'s registration in the store: at start, then every <see cref="ThisInstance.HeartbeatInterval"/>,
/// this instance says it is alive, and removes instances silent for a day; on a graceful stop it takes itself
/// out. Any instance's queue page then shows the whole cluster, as Hangfire shows its servers.
/// </summary>
public sealed partial class InstanceHeartbeat(ThisInstance self, IInstanceRegistry registry, TimeProvider time, ILogger<InstanceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ThisInstance.HeartbeatInterval, time);
        try
        {
            do
            {
                try
                {
                    await registry.BeatAsync(self.Instance, stoppingToken);
                    await registry.PruneAsync(time.GetUtcNow() - ThisInstance.PruneAfter, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.BeatFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.RemoveAsync(self.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left behind, the row shows as gone after three heartbeats and is pruned after a day.
            Log.BeatFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "This instance's heartbeat in the store failed; it tries again")]
        public static partial void BeatFailed(ILogger logger, Exception exception);
    }
}
