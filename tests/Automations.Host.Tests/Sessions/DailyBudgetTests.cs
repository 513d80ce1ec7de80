using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Workspaces;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Schedules;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;

namespace Automations.Host.Tests.Sessions;

/// <summary>
/// <c>budget: { daily_usd }</c> on a manual clock across midnight UTC: the runner with a real SQLite store,
/// real git workspaces and the Claude stand-in, which reports what each session spent.
/// </summary>
public sealed class DailyBudgetTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("daily-budget");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 23, 58, 0, TimeSpan.Zero));
    private SqliteDatabase _database = null!;
    private SqlDeliveryStore _deliveries = null!;
    private SqlSessionStore _sessions = null!;
    private FixedCatalog _catalog = null!;
    private SessionRunner _runner = null!;

    public Task InitializeAsync()
    {
        var remote = _directory.Combine("web.git");
        GitRepository.CreateBare(remote, new Dictionary<string, string> { ["README.md"] = "# web\n" });
        _catalog = new FixedCatalog(("budget.yaml", $$"""
            name: budget
            on:
              - schedule: { cron: "* * * * *", timezone: UTC }
            repository: {{remote}}
            agent: { use: claude }
            instructions: Tidy up.
            budget: { daily_usd: 0.10 }
            """));
        _database = SqliteDatabase.Open(_directory.Combine("automations.db"));
        _deliveries = new SqlDeliveryStore(_database, new DeliveryStoreOptions(), _time);
        _sessions = new SqlSessionStore(_database, _time);
        var mirrors = new Mirrors(new Git(_time), _directory.Combine("mirrors"));
        var agents = new Dictionary<string, AgentOptions>(StringComparer.Ordinal)
        {
            ["claude"] = new() { Kind = AgentKinds.ClaudeCode, Command = Scripts.Write(_directory.Combine("claude-stand-in.sh"), ClaudeStandIn.Script), Env = { [ClaudeStandIn.CostVariable] = "0.12" } },
        };
        _runner = new SessionRunner(
            _sessions,
            _deliveries,
            _catalog,
            new GitWorkspaceProvider(mirrors, _directory.Combine("workspaces"), warmWorktrees: 0),
            new AgentRuntime(agents, AgentRuntime.DefaultAdapters, _time),
            new GitSourceControl(mirrors),
            new SqlSessionLocks(_database, _time),
            new NoActions(),
            new NoTriggerContext(),
            new SessionRunnerOptions(),
            _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _deliveries.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Makes a session for the slot at the clock's minute, as the scheduler would, and runs its job once.</summary>
    private async Task<Session> RunSessionAsync()
    {
        var (definition, schedule) = Assert.Single(_catalog.Current.Schedules);
        var now = _time.GetUtcNow();
        var slot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var pipeline = new IngestPipeline([], new NoSecrets(), _catalog, _deliveries, _time);
        var job = Assert.Single((await pipeline.IngestOwnAsync(ScheduleEvent.Create(definition.Name, schedule, slot), definition, CancellationToken.None)).Jobs);
        await _runner.RunAsync(job, attempt: 1, "worker-1", CancellationToken.None);
        return (await _sessions.GetAsync(job.SessionId, CancellationToken.None))!;
    }

    [Fact]
    public async Task RunAsync_BudgetSpentToday_SkipsUntilMidnightUtc()
    {
        var spender = await RunSessionAsync();
        Assert.Equal((SessionStatus.Done, 0.12m), (spender.Status, spender.CostUsd));

        _time.Advance(TimeSpan.FromMinutes(1.5)); // 23:59:30, the same day
        var skipped = await RunSessionAsync();

        Assert.Equal(SessionStatus.Terminated, skipped.Status);
        Assert.Equal("skipped: the automation's daily budget of $0.1 is spent ($0.12 today)", skipped.Error);
        Assert.False(Directory.Exists(_directory.Combine("workspaces", skipped.Id)), "a skipped session got a workspace");

        _time.Advance(TimeSpan.FromMinutes(1)); // 00:00:30 the next day: a new budget
        var nextDay = await RunSessionAsync();

        Assert.Equal((SessionStatus.Done, 0.12m), (nextDay.Status, nextDay.CostUsd));
    }
}
