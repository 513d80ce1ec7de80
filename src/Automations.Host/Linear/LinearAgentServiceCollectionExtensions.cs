using Automations.Core.Ingest;
using Automations.Host.Configuration;

namespace Automations.Host.Linear;

/// <summary>The first-class Linear agent: its acknowledgements, prompts and activities.</summary>
public static class LinearAgentServiceCollectionExtensions
{
    /// <summary>
    /// The Linear agent's parts. The webhook path acknowledges new agent sessions and routes prompts; where
    /// sessions run (serve's workers, the Functions worker), their streams are mirrored onto Linear. The last
    /// words left unsaid are looked for by a loop of serve's own, and in Functions mode by the scheduler function.
    /// </summary>
    public static IServiceCollection AddLinearAgent(this IServiceCollection services, HostMode mode)
    {
        services.AddSingleton<LinearAgent>();
        services.AddSingleton<LinearAcknowledgements>();
        services.AddHostedService(sp => sp.GetRequiredService<LinearAcknowledgements>());
        services.AddSingleton<IEventObserver, LinearAcknowledger>();
        services.AddSingleton<IEventObserver, LinearPromptRouter>();
        services.AddSingleton<LinearSessionsOnIssues>();
        services.AddSingleton<LinearSessionResolver>();
        services.AddSingleton<LinearLastWords>();
        services.AddHostedService<LinearActivityMirror>();
        if (mode == HostMode.Serve)
        {
            services.AddHostedService(sp => sp.GetRequiredService<LinearLastWords>());
        }

        return services;
    }
}
