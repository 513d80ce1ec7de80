using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Core.Sources;
using Automations.Host.Api;
using Automations.Host.Sessions;
using Automations.Host.Definitions;
using Automations.Host.Sandbox;
using Automations.Host.Schedules;
using Automations.Host.Webhooks;
using Automations.Host.Workers;
using Automations.Integrations;
using Automations.Storage;
using Automations.Storage.Sql;
using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>The engine's services, in the order of the one path: sources, store, definitions, pipeline, workers.</summary>
public static class AutomationsServiceCollectionExtensions
{
    public static IServiceCollection AddAutomations(this IServiceCollection services, IConfiguration configuration, HostMode mode = HostMode.Serve)
    {
        services.AddOptions<AutomationsOptions>()
            .Bind(configuration.GetSection(AutomationsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Store.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.Store.ConnectionString), "Automations:Store:ConnectionString is required with Automations:Store:Provider=postgres: an Npgsql connection string such as 'Host=db.internal;Database=automations;Username=automations;Password=...'.")
            // Data annotations are not checked on nested sections, so their rules are stated here; a bad
            // setting fails the start, not the first request that needs it.
            .Validate(o => o.Worker.Concurrency is >= 1 and <= 256, "Automations:Worker:Concurrency must be between 1 and 256.")
            .Validate(o => o.Worker.WarmWorktrees is >= 0 and <= 32, "Automations:Worker:WarmWorktrees must be between 0 and 32.")
            .Validate(o => o.Worker.PollInterval > TimeSpan.Zero, "Automations:Worker:PollInterval must be positive.")
            .Validate(o => o.Worker.ShutdownGrace >= TimeSpan.Zero, "Automations:Worker:ShutdownGrace must not be negative.")
            .Validate(o => o.Worker.IdleAfter > TimeSpan.Zero && o.Worker.LockRetryDelay > TimeSpan.Zero && o.Worker.WorkspaceRetention >= TimeSpan.Zero, "Automations:Worker:IdleAfter and LockRetryDelay must be positive, WorkspaceRetention not negative.")
            .Validate(o => o.Worker.StuckAfter is null || o.Worker.StuckAfter > o.Queue.LeaseDuration / 3, "Automations:Worker:StuckAfter must be longer than the heartbeat interval (a third of Automations:Queue:LeaseDuration).")
            .Validate(o => o.Queue.LeaseDuration >= TimeSpan.FromSeconds(1), "Automations:Queue:LeaseDuration must be at least 1 second.")
            .Validate(o => o.Queue.MaxAttempts is >= 1 and <= 100, "Automations:Queue:MaxAttempts must be between 1 and 100.")
            .Validate(o => o.Queue.RetryBaseDelay > TimeSpan.Zero && o.Queue.RetryMaxDelay >= o.Queue.RetryBaseDelay, "Automations:Queue:RetryBaseDelay must be positive and at most RetryMaxDelay.")
            .Validate(o => o.Scheduler.TickInterval > TimeSpan.Zero && o.Scheduler.TickInterval <= TimeSpan.FromSeconds(30), "Automations:Scheduler:TickInterval must be between 0 and 30 seconds.")
            .Validate(o => o.Sources.Linear.TimestampWindow > TimeSpan.Zero && o.Sources.Slack.TimestampWindow > TimeSpan.Zero, "Automations:Sources:*:TimestampWindow must be positive.")
            .Validate(o => o.Ingest.MaxBodyBytes >= 1024, "Automations:Ingest:MaxBodyBytes must be at least 1024.")
            .Validate(o => o.Functions.MaxDeliveryCount is >= 1 and <= 2000, "Automations:Functions:MaxDeliveryCount must be between 1 and 2000, as the Service Bus queue's maxDeliveryCount.")
            .Validate(o => o.Functions.HandoffTimeout >= o.Queue.LeaseDuration, "Automations:Functions:HandoffTimeout must be at least Automations:Queue:LeaseDuration.")
            .Validate(o => o.Functions.HandoffBatch is >= 1 and <= 1000, "Automations:Functions:HandoffBatch must be between 1 and 1000.")
            // A key generated here would be printed, and the Functions host keeps what the handler prints in its logs.
            .Validate(o => mode != HostMode.Functions || o.Api.Keys.Any(k => !string.IsNullOrWhiteSpace(k)), "Automations:Api:Keys:0 is required in functions mode: set it from a Key Vault reference (no key is generated there, since the host logs what the handler prints).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AutomationsOptions>>(new UnresolvedReferenceValidation(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookMetrics>();

        services.AddSingleton(sp => WebhookSources.Create(Options(sp).Sources, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWebhookSecrets, ConfiguredWebhookSecrets>();

        services.AddSingleton<WorkSignal>();
        // Functions mode has no workers in the process to wake, so no connection listens for jobs.
        services.AddSingleton(sp => StoreDatabase.Open(Options(sp), mode == HostMode.Serve ? sp.GetRequiredService<WorkSignal>() : null, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SqlDeliveryStore(sp.GetRequiredService<SqlDatabase>(), new DeliveryStoreOptions { RefusedCap = Options(sp).Ingest.RefusedCap }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<SqlDeliveryStore>());
        services.AddSingleton<SessionEventHub>();
        services.AddSingleton<ISessionStore>(sp => new LiveSessionStore(
            new SqlSessionStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<SessionEventHub>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISessionLocks>(sp => new SqlSessionLocks(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SqlJobQueue(sp.GetRequiredService<SqlDatabase>(), Options(sp).Queue, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<SqlJobQueue>());
        services.AddSingleton<IJobHandoff>(sp => new SqlJobHandoff(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<SqlJobQueue>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new DefinitionFolder(Options(sp).DefinitionsPath, sp.GetRequiredService<ILogger<DefinitionFolder>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDefinitionCatalog>(sp => sp.GetRequiredService<DefinitionFolder>());
        services.AddHostedService(sp => sp.GetRequiredService<DefinitionFolder>());
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<IReadOnlyList<IWebhookSource>>(),
            sp.GetRequiredService<IWebhookSecrets>(),
            sp.GetRequiredService<IDefinitionCatalog>(),
            sp.GetRequiredService<IDeliveryStore>(),
            sp.GetRequiredService<TimeProvider>(),
            new PullRequestFollower(sp.GetRequiredService<ISessionStore>())));

        services.AddSingleton(sp => ApiKeys.Load(Options(sp).Api.Keys, Options(sp).DataPath("api-key"), Console.Out));

        // GitHub, Slack, Linear and Sentry clients; git's credential for GitHub remotes comes from them.
        services.AddIntegrations(configuration);
        services.AddSessionActions(configuration);
        // Agents, their setup and the git of their repositories run in the sandbox; the mirrors are the engine's.
        services.AddSandbox();
        services.AddSingleton(sp => new Git(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IProcessSandbox>()));
        services.AddSingleton(sp => new Mirrors(sp.GetRequiredService<Git>(), Options(sp).DataPath("mirrors"), sp.GetService<IGitCredentials>()));
        services.AddSingleton<IWorkspaceProvider>(sp => new GitWorkspaceProvider(sp.GetRequiredService<Mirrors>(), Options(sp).DataPath("workspaces"), Options(sp).Worker.WarmWorktrees));
        services.AddSingleton<ISourceControl>(sp => new GitSourceControl(sp.GetRequiredService<Mirrors>()));
        services.AddSingleton<IAgentRuntime>(sp => new AgentRuntime(
            new Dictionary<string, AgentOptions>(Options(sp).Agents, StringComparer.OrdinalIgnoreCase), AgentRuntime.DefaultAdapters, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IProcessSandbox>())
        {
            MaxLineBytes = Options(sp).Worker.MaxOutputLineBytes,
        });
        services.AddSingleton(sp => new SessionRunnerOptions
        {
            GitUrl = Options(sp).GitHub.GitUrl,
            IdleAfter = Options(sp).Worker.IdleAfter,
            LockLease = Options(sp).Queue.LeaseDuration,
            LockRetryDelay = Options(sp).Worker.LockRetryDelay,
            MaxSessionOutputBytes = Options(sp).Worker.MaxSessionOutputBytes,
        });
        services.AddSingleton<SessionRunner>();
        services.AddSingleton<RunningSessions>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<JobRun>();
        services.AddSingleton<SessionJanitor>();
        services.AddSingleton<Scheduler>();
        if (mode == HostMode.Serve)
        {
            services.AddHostedService<SessionWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<SessionJanitor>());
            services.AddHostedService(sp => sp.GetRequiredService<Scheduler>());
        }

        services.AddOptions<HostOptions>().Configure<IOptions<AutomationsOptions>>((host, o) => host.ShutdownTimeout = o.Value.Worker.ShutdownGrace + TimeSpan.FromSeconds(15));
        return services;
    }

    private static AutomationsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
}
