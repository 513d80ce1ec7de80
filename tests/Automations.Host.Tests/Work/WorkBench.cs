using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Workspaces;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Schedules;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;
using Microsoft.Extensions.Logging;

namespace Automations.Host.Tests.Work;

/// <summary>
/// One job's life on a real SQLite store, real git repositories and a real agent process, run the way either
/// host runs it: <c>serve</c>'s worker loop leases from the store's queue; the Functions worker claims the job
/// by its id and wraps the claim as a Service Bus lease. Both hand the lease to the same <see cref="JobRunner"/>.
/// </summary>
internal sealed class WorkBench : IAsyncDisposable
{
    public const string Worker = "worker";
    public const string Functions = "functions";

    private readonly TempDirectory _directory = new("work");
    private readonly SqliteDatabase _database;
    private readonly SqlDeliveryStore _deliveries;
    private readonly SqlJobQueue _queue;
    private readonly SqlJobHandoff _handoff;
    private readonly HandoverPolicy _policy;
    private readonly FixedCatalog _catalog;
    private readonly ILoggerFactory _logs;

    private readonly string _remote;

    public WorkBench(string agentScript, int maxAttempts = 3, bool reachableRepository = true, string extra = "", string agentKind = AgentKinds.Command, TimeSpan? leaseDuration = null, TimeSpan? heartbeat = null, ISessionActions? actions = null, Func<ISessionStore, ISessionStore>? runnerStore = null)
    {
        var remote = _remote = _directory.Combine("web.git");
        if (reachableRepository)
        {
            MakeRepositoryReachable();
        }

        _catalog = new FixedCatalog(("tidy.yaml", $$"""
            name: tidy
            on:
              - schedule: { cron: "0 * * * *", timezone: UTC }
            repository: {{remote}}
            agent: { use: demo, timeout: 1m }
            instructions: Tidy up.
            {{extra}}
            """));
        _database = SqliteDatabase.Open(_directory.Combine("automations.db"));
        _deliveries = new SqlDeliveryStore(_database, new DeliveryStoreOptions(), TimeProvider.System);
        Sessions = new SqlSessionStore(_database, TimeProvider.System);
        var queueOptions = new QueueOptions { LeaseDuration = leaseDuration ?? TimeSpan.FromMinutes(2), MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(50), RetryMaxDelay = TimeSpan.FromMilliseconds(100) };
        _queue = new SqlJobQueue(_database, queueOptions, TimeProvider.System);
        _handoff = new SqlJobHandoff(_database, _queue, TimeProvider.System);
        _policy = new HandoverPolicy("service-bus", TimeSpan.FromMinutes(5), maxAttempts, queueOptions.RetryBaseDelay, queueOptions.RetryMaxDelay);
        Locks = new SqlSessionLocks(_database, TimeProvider.System);
        _logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        var mirrors = new Mirrors(new Git(TimeProvider.System), _directory.Combine("mirrors"));
        var agent = new AgentOptions { Kind = agentKind, Command = Scripts.Write(_directory.Combine("agent.sh"), agentScript) };
        var runner = new SessionRunner(
            runnerStore?.Invoke(Sessions) ?? Sessions,
            _deliveries,
            _catalog,
            new GitWorkspaceProvider(mirrors, _directory.Combine("workspaces"), warmWorktrees: 0),
            new AgentRuntime(new Dictionary<string, AgentOptions> { ["demo"] = agent }, AgentRuntime.DefaultAdapters, TimeProvider.System),
            new GitSourceControl(mirrors),
            Locks,
            actions ?? new NoActions(),
            new NoTriggerContext(),
            new SessionRunnerOptions { LockRetryDelay = TimeSpan.FromSeconds(2) },
            TimeProvider.System);
        Jobs = new JobRunner(runner, Sessions, Locks, Running, new JobRunnerOptions { Heartbeat = heartbeat ?? TimeSpan.FromMilliseconds(200), ShutdownGrace = TimeSpan.Zero }, _logs.CreateLogger<JobRunner>(), TimeProvider.System);
    }

    public SqlSessionStore Sessions { get; }

    public SqlJobQueue Queue => _queue;

    public SqlSessionLocks Locks { get; }

    public RunningSessions Running { get; } = new();

    public JobRunner Jobs { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>Creates the automation's repository (the fix of an unreachable one).</summary>
    public void MakeRepositoryReachable() => GitRepository.CreateBare(_remote, new Dictionary<string, string> { ["README.md"] = "# web\n" });

    /// <summary>A scheduled session of the automation, with its job waiting.</summary>
    public async Task<SessionJob> TriggerAsync()
    {
        var (definition, schedule) = Assert.Single(_catalog.Current.Schedules);
        var ingest = new IngestPipeline([], new NoSecrets(), _catalog, _deliveries, TimeProvider.System);
        var fired = await ingest.IngestOwnAsync(ScheduleEvent.Create(definition.Name, schedule, TimeProvider.System.GetUtcNow()), definition, CancellationToken.None);
        return Assert.Single(fired.Jobs);
    }

    /// <summary>A session of the automation that is working elsewhere: its job is another worker's.</summary>
    public async Task HolderAsync(string id)
    {
        await Sessions.CreateAsync(
            new SessionSeed { Id = id, Automation = "tidy", Trigger = new SessionTrigger("api", "api.session", id), Repository = "web", RepositoryUrl = "/nowhere/web.git", Base = "main", Branch = id, Agent = "demo" },
            [SessionEvents.Status(SessionStatus.Working, "runs elsewhere")],
            CancellationToken.None);
        var elsewhere = await _queue.TryLeaseAsync("elsewhere", CancellationToken.None);
        Assert.Equal(id, elsewhere?.Job.SessionId);
    }

    /// <summary>Takes the job as another worker would, once its lease ran out.</summary>
    public Task<Core.Ports.IJobLease?> StealAsync() => _queue.TryLeaseAsync("thief", CancellationToken.None);

    /// <summary>Takes the job as <paramref name="host"/> does, with Service Bus's delivery count <paramref name="delivery"/>, and runs it.</summary>
    public async Task<JobSettlement> RunAsync(string host, SessionJob job, int delivery = 1, CancellationToken stopping = default)
    {
        IJobLease lease;
        if (host == Worker)
        {
            IJobLease? leased = null;
            await Waiting.UntilAsync(async () => (leased = await _queue.TryLeaseAsync(host, CancellationToken.None)) is not null, TimeSpan.FromSeconds(10), "the job to be due");
            lease = leased!;
        }
        else
        {
            var claim = await _handoff.ClaimAsync(job.SessionId, host, delivery, CancellationToken.None);
            lease = new HandedOverLease(claim.Lease ?? throw new InvalidOperationException($"not claimed: {claim.Outcome} {claim.Detail}"), _handoff, _policy, TimeProvider.System);
        }

        await using (lease)
        {
            Assert.Equal(job.SessionId, lease.Job.SessionId);
            return await Jobs.RunAsync(lease, host, stopping);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _logs.Dispose();
        await _deliveries.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Dispose();
    }
}
