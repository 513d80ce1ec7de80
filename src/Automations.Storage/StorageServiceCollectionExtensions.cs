using Automations.Core.Ports;
using Automations.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Storage;

/// <summary>The store's ports over one SQL database: deliveries, sessions, outcomes, pauses, locks, the queue, hand-overs, the instances sharing the store, the console's cookie keys and the links to providers' agent sessions.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <param name="services">The engine's services; a <see cref="TimeProvider"/> among them.</param>
    /// <param name="open">Opens the database at start: the host knows which one its configuration names.</param>
    /// <param name="queue">How leases and retries behave.</param>
    /// <param name="deliveries">How deliveries are kept (the refused record's cap).</param>
    public static IServiceCollection AddAutomationsStorage(this IServiceCollection services, Func<IServiceProvider, SqlDatabase> open, Func<IServiceProvider, QueueOptions> queue, Func<IServiceProvider, DeliveryStoreOptions> deliveries)
    {
        services.AddSingleton(open);
        services.AddSingleton(sp => new SqlDeliveryStore(sp.GetRequiredService<SqlDatabase>(), deliveries(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<SqlDeliveryStore>());
        services.AddSingleton(sp => new SqlSessionStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutcomeStore>(sp => new SqlOutcomeStore(sp.GetRequiredService<SqlDatabase>()));
        services.AddSingleton<IPauseStore>(sp => new SqlPauseStore(sp.GetRequiredService<SqlDatabase>()));
        services.AddSingleton<ISessionLocks>(sp => new SqlSessionLocks(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SqlJobQueue(sp.GetRequiredService<SqlDatabase>(), queue(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<SqlJobQueue>());
        services.AddSingleton<IInstanceRegistry>(sp => new SqlInstanceRegistry(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobHandoff>(sp => new SqlJobHandoff(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<SqlJobQueue>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConsoleKeyStore>(sp => new SqlConsoleKeyStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDefinitionChecks>(sp => new SqlDefinitionChecks(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDefinitionSources>(sp => new SqlDefinitionSources(sp.GetRequiredService<SqlDatabase>()));
        services.AddSingleton<IAgentSessionLinks>(sp => new SqlAgentSessionLinks(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
