using Automations.Core.Definitions;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Prebuilds;

/// <summary>
/// Prebuilds started by pushes, in both hosts: the observer on the webhook path and the queue that builds in
/// the background of the process that took the push (in Functions mode too, for as long as the host keeps
/// the handler running). Each instance keeps prebuilds in its own data directory, so a push builds on the
/// instance that took it; the others build when a session of theirs asks, as before.
/// </summary>
public static class PrebuildsServiceCollectionExtensions
{
    public static IServiceCollection AddPrebuildPushes(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PrebuildQueue(sp.GetRequiredService<IPrebuilds>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PrebuildQueue>>()));
        services.AddSingleton<IEventObserver>(sp => new PrebuildPushObserver(
            sp.GetRequiredService<IDefinitionCatalog>(),
            sp.GetRequiredService<IPrebuilds>(),
            sp.GetRequiredService<PrebuildQueue>(),
            sp.GetRequiredService<IOptions<AutomationsOptions>>().Value.GitHub.GitUrl,
            sp.GetRequiredService<ILogger<PrebuildPushObserver>>()));
        return services;
    }

    /// <summary>The connected repositories' prebuilds (<c>Automations:Repositories:N:Prebuild</c>), by the URL their sessions clone from.</summary>
    public static IReadOnlyDictionary<string, PrebuildSpec> RepositoryPrebuilds(AutomationsOptions options) =>
        options.Repositories.Entries.Values.Where(e => e.Prebuild is not null).ToDictionary(
            e => RepositoryLocation.Resolve(e.Repository!, options.GitHub.GitUrl, Directory.GetCurrentDirectory()),
            e => e.Prebuild!.Spec(),
            StringComparer.Ordinal);
}
