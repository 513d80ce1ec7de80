using Automations.Agents.Adapters;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Automations.Agents;

/// <summary>
/// Agents and their repositories: the runtime that starts agents in the sandbox, the mirrors, the
/// sessions' workspaces and the push. The sandbox itself (<see cref="IProcessSandbox"/>) is the host's
/// choice, and git's credential (<see cref="IGitCredentials"/>) comes from the integrations, if any.
/// </summary>
public static class AgentsServiceCollectionExtensions
{
    public static IServiceCollection AddAutomationsAgents(this IServiceCollection services, Func<IServiceProvider, AgentsSettings> settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(sp => new Git(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IProcessSandbox>()));
        // The host shares pushes between instances where its store can; else this process keeps its own.
        services.TryAddSingleton<IBranchPushes, ProcessBranchPushes>();
        services.AddSingleton(sp => new Mirrors(sp.GetRequiredService<Git>(), sp.GetRequiredService<AgentsSettings>().MirrorsPath, sp.GetService<IGitCredentials>(), sp.GetRequiredService<IBranchPushes>())
        {
            MaxAge = sp.GetRequiredService<AgentsSettings>().MirrorMaxAge,
        });
        services.AddSingleton(sp => new MirrorRefresher(sp.GetRequiredService<Mirrors>()));
        services.AddSingleton<IWorkspaceProvider>(sp => new GitWorkspaceProvider(sp.GetRequiredService<Mirrors>(), sp.GetRequiredService<AgentsSettings>().WorkspacesPath, sp.GetRequiredService<AgentsSettings>().WarmWorktrees));
        services.AddSingleton<ISourceControl>(sp => new GitSourceControl(sp.GetRequiredService<Mirrors>()));
        services.AddSingleton<IAgentRuntime>(sp => new AgentRuntime(
            new Dictionary<string, Commands.AgentOptions>(sp.GetRequiredService<AgentsSettings>().Agents, StringComparer.OrdinalIgnoreCase),
            AgentRuntime.DefaultAdapters,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IProcessSandbox>())
        {
            MaxLineBytes = sp.GetRequiredService<AgentsSettings>().MaxOutputLineBytes,
        });
        services.AddSingleton<IPrebuilds>(sp =>
        {
            var agents = sp.GetRequiredService<AgentsSettings>();
            var mirrors = sp.GetRequiredService<Mirrors>();
            var root = agents.PrebuildsPath ?? Path.Combine(Path.GetDirectoryName(mirrors.Root) ?? mirrors.Root, "prebuilds");
            return new Prebuilds(mirrors, sp.GetRequiredService<IAgentRuntime>(), root, agents.PrebuildsKept, agents.RepositoryPrebuilds);
        });
        return services;
    }
}
