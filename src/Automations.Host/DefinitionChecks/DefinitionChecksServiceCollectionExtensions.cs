using Automations.Agents.Workspaces;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Automations.Host.Definitions;
using Automations.Integrations.GitHub;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// The check run on pull requests that change automations: the webhook path's intake, the review and the
/// runner, and in standalone mode the worker. Nothing is checked without a GitHub credential to post with,
/// or with <c>Automations:Checks:Enabled</c> false.
/// </summary>
public static class DefinitionChecksServiceCollectionExtensions
{
    public static IServiceCollection AddDefinitionChecks(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        // Read as text: a bad value is the options' validation to report at start, with its setting's name.
        var disabled = bool.TryParse(configuration["Automations:Checks:Enabled"], out var enabled) && !enabled;
        var credential = !string.IsNullOrWhiteSpace(configuration[$"{GitHubClientOptions.Section}:Token"]) || !string.IsNullOrWhiteSpace(configuration[$"{GitHubClientOptions.Section}:AppId"]);
        if (disabled || !credential)
        {
            return services;
        }

        services.TryAddSingleton<IDefinitionCheckScope>(sp => sp.GetRequiredService<RepositoryDefinitions>());
        services.AddKeyedSingleton<WorkSignal>(DefinitionCheckWorker.SignalKey);
        services.AddSingleton(sp => new DefinitionCheckIntake(
            sp.GetRequiredService<IDefinitionChecks>(), sp.GetRequiredService<IDefinitionCheckScope>(), sp.GetRequiredKeyedService<WorkSignal>(DefinitionCheckWorker.SignalKey), sp.GetRequiredService<ILogger<DefinitionCheckIntake>>()));
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<DefinitionCheckIntake>());
        services.AddSingleton(sp => new PullRequestFiles(sp.GetRequiredService<Mirrors>(), sp.GetService<IGitCredentials>()));
        services.AddSingleton(sp => new DefinitionReview(
            sp.GetRequiredService<PullRequestFiles>(), sp.GetRequiredService<IDeliveryStore>(), [.. sp.GetRequiredService<IOptions<AutomationsOptions>>().Value.Agents.Keys], sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DefinitionCheckRunner>();
        if (mode == HostMode.Serve)
        {
            services.AddHostedService<DefinitionCheckWorker>();
        }

        return services;
    }
}
