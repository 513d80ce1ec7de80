using Automations.Core.Ingest;

namespace Automations.Host.Linear;

/// <summary>The first-class Linear agent: its acknowledgements, prompts and activities.</summary>
public static class LinearAgentServiceCollectionExtensions
{
    /// <summary>
    /// The Linear agent's parts. The webhook path acknowledges new agent sessions and routes prompts in every mode;
    /// where sessions run (<paramref name="mirror"/>: serve mode), their streams are mirrored onto Linear.
    /// </summary>
    public static IServiceCollection AddLinearAgent(this IServiceCollection services, bool mirror)
    {
        services.AddSingleton<LinearAgent>();
        services.AddSingleton<LinearAcknowledgements>();
        services.AddHostedService(sp => sp.GetRequiredService<LinearAcknowledgements>());
        services.AddSingleton<IEventObserver, LinearAcknowledger>();
        services.AddSingleton<IEventObserver, LinearPromptRouter>();
        services.AddSingleton<LinearSessionsOnIssues>();
        services.AddSingleton<LinearSessionResolver>();
        if (mirror)
        {
            services.AddSingleton<LinearLastWords>();
            services.AddHostedService(sp => sp.GetRequiredService<LinearLastWords>());
            services.AddHostedService<LinearActivityMirror>();
        }

        return services;
    }
}
