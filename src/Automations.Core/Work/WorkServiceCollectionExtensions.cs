using Microsoft.Extensions.DependencyInjection;

namespace Automations.Core.Work;

/// <summary>The work: a job's life (<see cref="JobRunner"/>) and a session's run (<see cref="SessionRunner"/>), over the ports the host registers.</summary>
public static class WorkServiceCollectionExtensions
{
    public static IServiceCollection AddAutomationsWork(this IServiceCollection services, Func<IServiceProvider, SessionRunnerOptions> sessions, Func<IServiceProvider, JobRunnerOptions> jobs)
    {
        services.AddSingleton(sessions);
        services.AddSingleton(jobs);
        services.AddSingleton<SessionRunner>();
        services.AddSingleton<RunningSessions>();
        services.AddSingleton<JobRunner>();
        return services;
    }
}
