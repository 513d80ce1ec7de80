using Automations.Agents.Workspaces;
using Automations.Core.Definitions;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Automations.Integrations.GitHub;
using Microsoft.Extensions.Options;

namespace Automations.Host.Definitions;

/// <summary>The connected repositories (<c>Automations:Repositories</c>) and, in a long-running process, the loop that keeps their definitions current.</summary>
public static class RepositoryDefinitionsServiceCollectionExtensions
{
    public static IServiceCollection AddRepositoryDefinitions(this IServiceCollection services, HostMode mode)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AutomationsOptions>>().Value;
            var fromApp = options.RepositoryDefinitions.FromApp ? new GitHubAppInstallations((GitHubAppTokens)sp.GetRequiredService<IGitHubTokens>()) : null;
            return new ConnectedRepositories(
                Connected(options),
                fromApp,
                [.. options.RepositoryDefinitions.Exclude],
                name => new ConnectedRepository(name, RepositoryLocation.Resolve(name, options.GitHub.GitUrl, Directory.GetCurrentDirectory()), null, new DefinitionScope
                {
                    Repository = name, Setting = $"{AutomationsOptions.Section}:RepositoryDefinitions:FromApp",
                }),
                options.RepositoryDefinitions.RefreshInterval,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ConnectedRepositories>>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AutomationsOptions>>().Value;
            return new RepositoryDefinitions(
                sp.GetRequiredService<ConnectedRepositories>(),
                [.. options.Agents.Keys],
                sp.GetRequiredService<Mirrors>(),
                new Lazy<IDefinitionSources>(sp.GetRequiredService<IDefinitionSources>),
                sp.GetRequiredService<ILogger<RepositoryDefinitions>>(),
                sp.GetRequiredService<TimeProvider>());
        });

        services.AddSingleton<IEventObserver>(sp => new RepositoryDefinitionsObserver(
            sp.GetRequiredService<RepositoryDefinitions>(), sp.GetService<RepositoryDefinitionsLoop>(), sp.GetRequiredService<ILogger<RepositoryDefinitionsObserver>>()));

        // Functions mode has no loop: the push webhook records the commit, and the scheduler's timer converges.
        if (mode == HostMode.Serve)
        {
            services.AddSingleton(sp => new RepositoryDefinitionsLoop(
                sp.GetRequiredService<RepositoryDefinitions>(),
                sp.GetRequiredService<IOptions<AutomationsOptions>>().Value.RepositoryDefinitions,
                sp.GetRequiredService<ILogger<RepositoryDefinitionsLoop>>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService(sp => sp.GetRequiredService<RepositoryDefinitionsLoop>());
        }

        return services;
    }

    /// <summary>The listed repositories, each resolved like a definition's <c>repository</c> and held to its scope.</summary>
    public static IReadOnlyList<ConnectedRepository> Connected(AutomationsOptions options) =>
        [.. options.Repositories.Entries.Select(e => new ConnectedRepository(
            RepositoryOptions.NameOf(e.Value.Repository!),
            RepositoryLocation.Resolve(e.Value.Repository!, options.GitHub.GitUrl, Directory.GetCurrentDirectory()),
            e.Value.Branch,
            e.Value.Scope($"{AutomationsOptions.Section}:Repositories:{e.Key}")))];
}
