using Automations.Agents;
using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ingest;
using Automations.Core.Outcomes;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Core.Sources;
using Automations.Host.Api;
using Automations.Host.DefinitionChecks;
using Automations.Host.Sessions;
using Automations.Host.Surfaces;
using Automations.Host.Definitions;
using Automations.Host.Deliveries;
using Automations.Host.Instances;
using Automations.Host.Linear;
using Automations.Host.Prebuilds;
using Automations.Host.Jobs;
using Automations.Host.Sandbox;
using Automations.Host.Schedules;
using Automations.Host.Webhooks;
using Automations.Host.Workers;
using Automations.Integrations;
using Automations.Storage;
using Automations.Storage.Sql;
using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>
/// The engine's services, as a table of contents in the order of the one path: settings, sources, the
/// store, definitions and the ingest pipeline, the integrations and actions, the sandbox and agents, the
/// work, and the host's loops. Each part registers itself beside its code.
/// </summary>
public static class AutomationsServiceCollectionExtensions
{
    public static IServiceCollection AddAutomations(this IServiceCollection services, IConfiguration configuration, HostMode mode = HostMode.Serve)
    {
        services.AddOptions<AutomationsOptions>()
            .Bind(configuration.GetSection(AutomationsOptions.Section))
            .Configure(o => o.Repositories.Bind(configuration.GetSection($"{AutomationsOptions.Section}:Repositories")))
            // Each section's own rules are annotations on its class (SectionValidation); what ties two sections is here.
            .Validate(o => o.Worker.StuckAfter is null || o.Worker.StuckAfter > o.Queue.LeaseDuration / 3, "Automations:Worker:StuckAfter must be longer than the heartbeat interval (a third of Automations:Queue:LeaseDuration).")
            .Validate(o => o.Functions.HandoffTimeout >= o.Queue.LeaseDuration, "Automations:Functions:HandoffTimeout must be at least Automations:Queue:LeaseDuration.")
            // A key generated here would be printed, and the Functions host keeps what the handler prints in its logs.
            .Validate(o => mode != HostMode.Functions || o.Api.Keys.Any(k => !string.IsNullOrWhiteSpace(k)), "Automations:Api:Keys:0 is required in functions mode: set it from a Key Vault reference (no key is generated there, since the host logs what the handler prints).")
            .Validate(o => !o.RepositoryDefinitions.FromApp || !string.IsNullOrWhiteSpace(configuration[$"{AutomationsOptions.Section}:GitHub:AppId"]), "Automations:RepositoryDefinitions:FromApp connects the repositories a GitHub App is installed on: set Automations:GitHub:AppId and :PrivateKeyPath.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AutomationsOptions>>(new SectionValidation());
        services.AddSingleton<IValidateOptions<AutomationsOptions>>(new UnresolvedReferenceValidation(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookMetrics>();

        services.AddSingleton(sp => WebhookSources.Create(Options(sp).Sources, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWebhookSecrets, ConfiguredWebhookSecrets>();

        services.AddSingleton<WorkSignal>();
        // Functions mode has no workers in the process to wake, so no connection listens for jobs.
        services.AddAutomationsStorage(
            sp => StoreDatabase.Open(Options(sp), mode == HostMode.Serve ? sp.GetRequiredService<WorkSignal>() : null, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()),
            sp => Options(sp).Queue,
            sp => new DeliveryStoreOptions { RefusedCap = Options(sp).Ingest.RefusedCap });
        // The pushes heard of: every instance's on PostgreSQL, when serving; else this process's own.
        services.AddSingleton(sp => StoreDatabase.Pushes(sp.GetRequiredService<SqlDatabase>(), mode));
        services.AddSingleton<SessionEventHub>();
        services.AddSingleton<ISessionStore>(sp => new LiveSessionStore(sp.GetRequiredService<SqlSessionStore>(), sp.GetRequiredService<SessionEventHub>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new DefinitionFolder(Options(sp).DefinitionsPath, [.. Options(sp).Agents.Keys], sp.GetRequiredService<ILogger<DefinitionFolder>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<DefinitionFolder>());
        // The pause switches live in the store, for every instance; each keeps them cached for the webhook path.
        services.AddSingleton(sp => new AutomationPauses(sp.GetRequiredService<IPauseStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PauseBelowCheck(
            sp.GetRequiredService<IDefinitionCatalog>(), sp.GetRequiredService<IOutcomeStore>(), sp.GetRequiredService<AutomationPauses>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OutcomeFollower(
            sp.GetRequiredService<IOutcomeStore>(), sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PauseBelowCheck>()));
        services.AddRepositoryDefinitions(mode);
        services.AddSingleton(sp => new DefinitionCatalog(sp.GetRequiredService<DefinitionFolder>(), sp.GetRequiredService<RepositoryDefinitions>()));
        services.AddSingleton<IDefinitionCatalog>(sp => sp.GetRequiredService<DefinitionCatalog>());
        // What deliveries mean beside the automations they start; the first one is a pull request's news for its session.
        services.AddSingleton<IEventObserver>(sp => new PullRequestFollower(sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<OutcomeFollower>()));
        // Comments and Slack replies that steer a session, in both hosts.
        services.AddSurfaces();
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<IReadOnlyList<IWebhookSource>>(),
            sp.GetRequiredService<IWebhookSecrets>(),
            sp.GetRequiredService<IDefinitionCatalog>(),
            sp.GetRequiredService<IDeliveryStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IEventObserver>(),
            sp.GetRequiredService<AutomationPauses>()));

        services.AddSingleton(sp => ApiKeys.Load(Options(sp).Api.Keys, Options(sp).Api.ReadOnlyKeys, Options(sp).DataPath("api-key"), Console.Out));

        // GitHub, Slack, Linear and Sentry clients; git's credential for GitHub remotes comes from them.
        services.AddIntegrations(configuration);
        services.AddSessionActions(configuration);
        // Agents, their setup and the git of their repositories run in the sandbox; the mirrors are the engine's.
        services.AddSandbox();
        services.AddAutomationsAgents(sp => new AgentsSettings(
            Options(sp).Agents.AsReadOnly(),
            Options(sp).DataPath("mirrors"),
            Options(sp).DataPath("workspaces"),
            Options(sp).Worker.WarmWorktrees,
            Options(sp).Worker.MaxOutputLineBytes)
        {
            PrebuildsPath = Options(sp).DataPath("prebuilds"),
            PrebuildsKept = Options(sp).Worker.PrebuildsKept,
            MirrorMaxAge = Options(sp).Worker.MirrorMaxAge,
            RepositoryPrebuilds = PrebuildsServiceCollectionExtensions.RepositoryPrebuilds(Options(sp)),
        });
        // A push keeps the repository's mirror fresh off the sessions' path, on every instance that shares the store.
        services.AddSingleton(sp => new MirrorPushObserver(
            sp.GetRequiredService<MirrorRefresher>(), sp.GetRequiredService<IBranchPushes>(), Options(sp).GitHub.GitUrl, sp.GetRequiredService<ILogger<MirrorPushObserver>>()));
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<MirrorPushObserver>());
        services.AddHostedService(sp => sp.GetRequiredService<MirrorPushObserver>());
        // A push to a base builds the next prebuild in the background, before a session asks for it.
        services.AddPrebuildPushes();
        services.AddAutomationsWork(
            sp => new SessionRunnerOptions
            {
                GitUrl = Options(sp).GitHub.GitUrl,
                IdleAfter = Options(sp).Worker.IdleAfter,
                LockLease = Options(sp).Queue.LeaseDuration,
                LockRetryDelay = Options(sp).Worker.LockRetryDelay,
                MaxSessionOutputBytes = Options(sp).Worker.MaxSessionOutputBytes,
            },
            sp => new JobRunnerOptions
            {
                Heartbeat = Options(sp).Queue.LeaseDuration / 3,
                LockLease = Options(sp).Queue.LeaseDuration,
                ShutdownGrace = Options(sp).Worker.ShutdownGrace,
            });
        services.AddSingleton<SessionCommands>();
        // Linear's agent sessions: acknowledged and prompted from the webhook path, mirrored where sessions run.
        services.AddLinearAgent(mode);
        services.AddSingleton<DeliveryReplay>();
        services.AddSingleton<JobReplay>();
        services.AddSingleton<ThisInstance>();
        services.AddSingleton<AutomationCommands>();
        services.AddSingleton<SessionEscalations>();
        services.AddSingleton<SessionJanitor>();
        services.AddSingleton<Scheduler>();
        services.AddDefinitionChecks(configuration, mode);
        if (mode == HostMode.Serve)
        {
            services.AddHostedService<SessionWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<SessionJanitor>());
            services.AddHostedService(sp => sp.GetRequiredService<Scheduler>());
            services.AddHostedService<InstanceHeartbeat>();
        }

        services.AddOptions<HostOptions>().Configure<IOptions<AutomationsOptions>>((host, o) => host.ShutdownTimeout = o.Value.Worker.ShutdownGrace + TimeSpan.FromSeconds(15));
        return services;
    }

    private static AutomationsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<AutomationsOptions>>().Value;
}
