using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Api;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automations.Host.Tests.Sessions;

/// <summary>
/// A session whose agent printed a lot: thousands of output events. What reads it often (a pull request's
/// every CI delivery, the API's and the console's view of the session, each run of its job) reads only the
/// events it needs, and never the agent's whole output.
/// </summary>
public sealed class LongSessionReadsTests : IAsyncLifetime
{
    private const string Id = "s-long";
    private const string Branch = "automations/fix/s-long";
    private const int OutputLines = 3000;

    private readonly TempDirectory _directory = new("long-session");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SqliteDatabase _database = null!;
    private CountingSessionStore _sessions = null!;

    public async Task InitializeAsync()
    {
        _database = SqliteDatabase.Open(_directory.Combine("automations.db"));
        var store = new SqlSessionStore(_database, _time);
        await store.CreateAsync(
            new SessionSeed { Id = Id, Automation = "fix", Trigger = new SessionTrigger("api", "api.session", Id), Repository = "acme/web", RepositoryUrl = "/nowhere/web.git", Base = "main", Branch = Branch, Agent = "demo" },
            [SessionEvents.Status(SessionStatus.Queued, "created by hand")],
            CancellationToken.None);
        await store.AppendAsync(Id, [.. Enumerable.Range(0, OutputLines).Select(i => SessionEvents.Of(SessionEventTypes.Token, new { stream = "stdout", text = $"line {i}" }))], CancellationToken.None);
        await store.AppendAsync(
            Id,
            [
                SessionEvents.ActionDone("pull_request", new { number = 7 }, new SessionChange { PullRequest = new PullRequestRef(7, "https://github.com/acme/web/pull/7") }),
                SessionEvents.Status(SessionStatus.PrOpen, "pull request #7 is open"),
            ],
            CancellationToken.None);
        _sessions = new CountingSessionStore(store);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ACheckRunOnItsPullRequest_MovesIt_ReadingNoneOfTheOutput()
    {
        var failed = new TriggerEvent
        {
            Source = "github",
            Kind = "github.check_run.completed",
            DeliveryId = "g-1",
            OccurredAt = _time.GetUtcNow(),
            Repository = "acme/web",
            Subject = new EventSubject { Type = "check_run" },
            Payload = JsonSerializer.SerializeToElement(new { action = "completed", check_run = new { id = 42, name = "unit tests", head_sha = "abc", conclusion = "failure", check_suite = new { head_branch = Branch } } }),
        };

        Assert.Equal(Id, await new PullRequestFollower(_sessions).FollowAsync(failed, CancellationToken.None));

        Assert.Equal(SessionStatus.CiFailed, (await _sessions.GetAsync(Id, CancellationToken.None))!.Status);
        Assert.Equal((0, 0), (_sessions.EventReads, _sessions.EventsReturned));
    }

    [Fact]
    public async Task TheSessionWithItsActions_IsReadWithoutTheOutput()
    {
        var answer = Assert.IsType<Ok<JsonObject>>(await ApiEndpoints.GetSessionAsync(_sessions, Id, CancellationToken.None));

        var action = Assert.Single(answer.Value!["actions"]!.AsArray());
        Assert.Equal(("pull_request", "done"), ((string?)action!["key"], (string?)action["state"]));
        Assert.Equal(7, (int?)action["result"]!["number"]);
        Assert.Equal((0, 0), (_sessions.EventReads, _sessions.EventsReturned));
    }

    [Fact]
    public async Task AFollowUpTurn_ReadsNoneOfTheOutput()
    {
        CountingSessionStore? store = null;
        await using var bench = new Work.WorkBench($"for i in $(seq 1 {OutputLines}); do echo \"line $i\"; done", runnerStore: s => store = new CountingSessionStore(s));
        var job = await bench.TriggerAsync();
        await bench.RunAsync(Work.WorkBench.Worker, job);
        var printed = (await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None)).Count(e => e.Type == SessionEventTypes.Token);
        var readBefore = store!.EventsReturned;

        await bench.Sessions.PostAsync(job.SessionId, [SessionEvents.Of(SessionEventTypes.Message, new { text = "Once more.", from = "api" }, new SessionChange { IsMessage = true }), SessionEvents.Status(SessionStatus.Queued, "restored from done by a message")], CancellationToken.None);
        var settlement = await bench.RunAsync(Work.WorkBench.Worker, job);

        Assert.Equal((SessionStatus.Done, 2), (settlement.Standing!.Status, settlement.Standing.Turn));
        Assert.Equal(OutputLines * 2, (await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None)).Count(e => e.Type == SessionEventTypes.Token));
        Assert.Equal(OutputLines, printed);
        Assert.InRange(store.EventsReturned - readBefore, 1, 60);
    }
}
