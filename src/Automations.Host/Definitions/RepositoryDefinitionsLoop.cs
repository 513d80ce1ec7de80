using Automations.Host.Configuration;

namespace Automations.Host.Definitions;

/// <summary>
/// Keeps the connected repositories' definitions current in a long-running process: loads them all at start,
/// then, every poll interval or when a push wakes it, loads each repository whose commit in the store differs
/// from its own, and every refresh interval fetches them all whatever pushes said.
/// </summary>
public sealed partial class RepositoryDefinitionsLoop(RepositoryDefinitions definitions, RepositoryDefinitionsOptions options, ILogger<RepositoryDefinitionsLoop> logger, TimeProvider time)
    : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Looks at the store now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (definitions.Repositories.Count == 0 && !definitions.Connected.FromApp)
        {
            return;
        }

        DateTimeOffset? refreshed = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (refreshed is null || time.GetUtcNow() - refreshed >= options.RefreshInterval)
                {
                    refreshed = time.GetUtcNow();
                    await definitions.LoadAllAsync(stoppingToken);
                }
                else
                {
                    await definitions.ConvergeAsync(stoppingToken);
                }

                await _wake.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Failed(logger, ex.Message);
                await Task.Delay(options.PollInterval, time, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Keeping the repositories' automations current failed; trying again at the next poll: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
