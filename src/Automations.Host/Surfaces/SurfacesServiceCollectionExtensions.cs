using Automations.Core.Ingest;

namespace Automations.Host.Surfaces;

/// <summary>Where people steer sessions besides the API and the console: GitHub comments and Slack threads.</summary>
public static class SurfacesServiceCollectionExtensions
{
    public static IServiceCollection AddSurfaces(this IServiceCollection services)
    {
        services.AddSingleton<GitHubCommandObserver>();
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<GitHubCommandObserver>());
        services.AddSingleton<SlackSteering>();
        services.AddSingleton<SlackInteractions>();
        services.AddSingleton<SlackReplyObserver>();
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<SlackReplyObserver>());
        return services;
    }
}
