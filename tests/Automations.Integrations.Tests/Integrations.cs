using Automations.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automations.Integrations.Tests;

/// <summary>The clients as the engine gets them: <c>AddIntegrations</c> over configuration, with a clock and captured logs.</summary>
public static class Integrations
{
    /// <summary>Fast backoff for tests on the real clock; rate-limit tests use a <see cref="ManualTimeProvider"/> instead.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastRetries = new Dictionary<string, string?>
    {
        ["Automations:GitHub:Retry:BaseDelay"] = "00:00:00.005",
        ["Automations:Slack:Retry:BaseDelay"] = "00:00:00.005",
        ["Automations:Linear:Retry:BaseDelay"] = "00:00:00.005",
        ["Automations:Sentry:Retry:BaseDelay"] = "00:00:00.005",
    };

    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, CapturedLogs? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FastRetries).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddIntegrations(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Runs <paramref name="call"/> on a manual clock, moving the clock by each wait the call starts, until it ends; answers the waits.</summary>
    public static async Task<(T Result, IReadOnlyList<TimeSpan> Waits)> DriveAsync<T>(ManualTimeProvider time, Func<Task<T>> call)
    {
        var task = call();
        var waits = new List<TimeSpan>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!task.IsCompleted)
        {
            var timer = time.WaitForTimerAsync(timeout.Token);
            if (await Task.WhenAny(task, timer) == task)
            {
                break;
            }

            var wait = await timer;
            waits.Add(wait);
            time.Advance(wait);
        }

        return (await task, waits);
    }
}
