using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// Runs the checks due, in standalone mode: woken by the webhook that recorded one, and every
/// <c>PollInterval</c> besides, for checks another instance recorded or a lease that ran out. In Functions
/// mode the scheduler function's timer runs them instead.
/// </summary>
public sealed partial class DefinitionCheckWorker(
    DefinitionCheckRunner runner,
    [FromKeyedServices(DefinitionCheckWorker.SignalKey)] WorkSignal signal,
    IOptions<AutomationsOptions> options,
    ILogger<DefinitionCheckWorker> logger) : BackgroundService
{
    /// <summary>The key of the signal that wakes this worker (not the session workers').</summary>
    public const string SignalKey = "definition-checks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await runner.RunDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PassFailed(logger, ex);
                }

                await signal.WaitAsync(options.Value.Checks.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, Level = LogLevel.Error, Message = "A pass over the definition checks due failed")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
