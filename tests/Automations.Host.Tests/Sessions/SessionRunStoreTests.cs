using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Workspaces;
using Automations.Core.Definitions;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Schedules;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Integrations;
using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Xunit.Abstractions;

namespace Automations.Host.Tests.Sessions;

/// <summary>
/// What one session run asks of the store: the runner and the actions (a result webhook, reconciled three
/// times) share what the run knows, so the session is read once, its trigger once, and no event twice; nothing
/// is read again where the run knows nobody else wrote.
/// </summary>
public sealed class SessionRunStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SecretVariable = "AUTOMATIONS_TEST_RUN_STORE_HOOK_SECRET";

    private readonly TempDirectory _directory = new("run-store");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private FakeWebhookReceiver _receiver = null!;
    private SqliteDatabase _database = null!;
    private SqlDeliveryStore _deliveries = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeWebhookReceiver.StartAsync();
        _database = SqliteDatabase.Open(_directory.Combine("automations.db"));
        _deliveries = new SqlDeliveryStore(_database, new DeliveryStoreOptions(), _time);
        Environment.SetEnvironmentVariable(SecretVariable, "whsec_" + Convert.ToBase64String(new byte[24]));
        var configuration = new ConfigurationBuilder().Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddIntegrations(configuration)
            .AddSessionActions(configuration)

            // The actions' follow-ups find merge conflicts with the engine's git; this test's runner uses the same mirrors' folder.
            .AddSingleton<ISourceControl>(new GitSourceControl(new Mirrors(new Git(TimeProvider.System), _directory.Combine("mirrors"))))
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _deliveries.DisposeAsync();
        await _database.DisposeAsync();
        await _receiver.DisposeAsync();
        Environment.SetEnvironmentVariable(SecretVariable, null);
        _directory.Dispose();
    }

    [Fact]
    public async Task RunAsync_OneTurnWithAResultWebhook_ReadsTheSessionAndItsTriggerOnce_AndNoEventTwice()
    {
        var remote = _directory.Combine("web.git");
        GitRepository.CreateBare(remote, new Dictionary<string, string> { ["README.md"] = "# web\n" });
        var catalog = new FixedCatalog(("hourly.yaml", $$"""
            name: hourly
            on:
              - schedule: { cron: "0 * * * *", timezone: UTC }
            repository: {{remote}}
            agent: { use: demo }
            instructions: Tidy up.
            actions:
              - webhook: { url: "{{_receiver.Url}}hooks", secret: env:{{SecretVariable}} }
            """));
        var sessions = new CountingSessionStore(new SqlSessionStore(_database, _time));
        var deliveries = new CountingDeliveryStore(_deliveries);
        var mirrors = new Mirrors(new Git(TimeProvider.System), _directory.Combine("mirrors"));
        var agent = new AgentOptions { Command = Scripts.Write(_directory.Combine("agent.sh"), "echo tidy > TIDY.md; echo done") };
        var runner = new SessionRunner(
            sessions,
            deliveries,
            catalog,
            new GitWorkspaceProvider(mirrors, _directory.Combine("workspaces"), warmWorktrees: 0),
            new AgentRuntime(new Dictionary<string, AgentOptions> { ["demo"] = agent }, AgentRuntime.DefaultAdapters, TimeProvider.System),
            new GitSourceControl(mirrors),
            new SqlSessionLocks(_database, _time),
            _services.GetRequiredService<ISessionActions>(),
            _services.GetRequiredService<ITriggerContext>(),
            new SessionRunnerOptions(),
            _time);
        var (definition, schedule) = Assert.Single(catalog.Current.Schedules);
        var job = Assert.Single((await new IngestPipeline([], new NoSecrets(), catalog, _deliveries, _time)
            .IngestOwnAsync(ScheduleEvent.Create(definition.Name, schedule, _time.GetUtcNow()), definition, CancellationToken.None)).Jobs);

        var result = await runner.RunAsync(job, attempt: 1, "worker-1", CancellationToken.None);
        var (reads, eventsRead, appends, triggerReads) = (sessions.Reads, sessions.EventsReturned, sessions.Appends, deliveries.EventReads);
        var (eventReads, pageReads) = (sessions.EventReads, sessions.PageReads);
        output.WriteLine($"one run: {reads} session read(s), {appends} append(s), {eventsRead} event(s) read in {eventReads} read(s), {pageReads} page read(s), {triggerReads} trigger read(s)");

        Assert.Equal(SessionRunOutcome.Finished, result.Outcome);
        Assert.Equal(SessionStatus.Done, (await sessions.GetAsync(job.SessionId, CancellationToken.None))!.Status);
        Assert.Single(_receiver.Requests);
        Assert.Equal(1, reads);
        Assert.Equal(1, triggerReads);
        Assert.InRange(eventsRead, 1, (await sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None)).Count);
        Assert.InRange(appends, 1, 12);

        // No stop landed as the worker took the job, so nothing is read to look for one; the first checkout's
        // freshness goes by the events the turn was chosen from.
        Assert.Equal(0, pageReads);
        Assert.InRange(eventReads, 1, 11);
    }
}
