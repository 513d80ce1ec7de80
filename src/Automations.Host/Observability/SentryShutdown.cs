namespace Automations.Host.Observability;

/// <summary>Sends what the Sentry SDK still holds when the engine stops, within the SDK's shutdown timeout.</summary>
internal sealed class SentryShutdown(IDisposable sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sdk.Dispose();
        return Task.CompletedTask;
    }
}
