using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Linear;
using Automations.Integrations;
using Automations.Integrations.Actions;
using Automations.Integrations.Linear;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Automations.Host.Tests.Linear;

/// <summary>
/// The engine looks through its Linear agent sessions when it starts and every 10 minutes after, for a turn that
/// ended with its last word unsaid: on a real SQLite store and the fake Linear, with the looks on a manual clock.
/// </summary>
public sealed class LinearLastWordsTests : IAsyncLifetime
{
    private const string AppToken = "lin_oauth_last_words";
    private readonly TempDirectory _directory = new("last-words");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SqliteDatabase _database = null!;
    private SqlSessionStore _sessions = null!;
    private FakeLinear _linear = null!;
    private ServiceProvider _services = null!;
    private LinearLastWords _lastWords = null!;
    private string _issueId = null!;

    public async Task InitializeAsync()
    {
        _database = SqliteDatabase.Open(_directory.Combine("automations.db"));
        _sessions = new SqlSessionStore(_database, _time);
        _linear = await FakeLinear.StartAsync("lin_api_last_words", AppToken);
        _issueId = _linear.AddIssue("ENG-9", "Crash on print");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:AccessToken"] = AppToken,
            ["Automations:Linear:Retry:BaseDelay"] = "00:00:00.005", ["Automations:Linear:Retry:MaxRetries"] = "1",
        }).Build();
        _services = new ServiceCollection().AddSingleton(TimeProvider.System).AddLogging().AddIntegrations(configuration).BuildServiceProvider();
        var agent = new LinearAgent(_services.GetRequiredService<LinearClient>(), Options.Create(new ActionsOptions()));
        _lastWords = new LinearLastWords(new SqlAgentSessionLinks(_database, _time), _sessions, agent, _time, NullLogger<LinearLastWords>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _lastWords.StopAsync(CancellationToken.None);
        _lastWords.Dispose();
        await _services.DisposeAsync();
        await _linear.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ALastWordLinearDidNotTake_IsSaidAtTheNextLook_Once()
    {
        var (agentSession, done) = await TurnThatEndedAsync("s-down");
        _linear.FailNext(4, FakeFailure.ServerError()); // the post and its retry, the look-up and its retry

        await _lastWords.StartAsync(CancellationToken.None);
        await NextLookAsync();
        var whileDown = _linear.Activities(agentSession).Count;
        _time.Advance(LinearLastWords.Interval);
        await Waiting.UntilAsync(() => _linear.Activities(agentSession).Count > 0, TimeSpan.FromSeconds(15), "the last word");
        await NextLookAsync();
        _time.Advance(LinearLastWords.Interval);
        await NextLookAsync();

        Assert.Equal(0, whileDown);
        var word = Assert.Single(_linear.Activities(agentSession));
        Assert.Equal(("response", "Fixed the print crash.", LinearActivityFeed.LastWordId(done)), ((string?)word["content"]!["type"], (string?)word["content"]!["body"], (string?)word["id"]));
        var ledger = await _sessions.GetEventPageAsync("s-down", 0, int.MaxValue, [SessionEventTypes.Action], CancellationToken.None);
        Assert.Equal("linear_last_word", Assert.Single(ledger).Data.GetProperty("key").GetString());
        Assert.Equal(3, _linear.Requests.Count(r => r.Text.Contains("agentActivityCreate", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ATurnThatEndedAMomentAgo_IsLeftToTheMirror_AndSaidAtALaterLookIfItIsStillUnsaid()
    {
        await _lastWords.StartAsync(CancellationToken.None);
        await NextLookAsync();
        _time.Advance(LinearLastWords.Interval - TimeSpan.FromSeconds(30));
        var (agentSession, _) = await TurnThatEndedAsync("s-fresh");
        _time.Advance(TimeSpan.FromSeconds(30));
        await NextLookAsync();
        var left = _linear.Activities(agentSession).Count;
        _time.Advance(LinearLastWords.Interval);

        await Waiting.UntilAsync(() => _linear.Activities(agentSession).Count > 0, TimeSpan.FromSeconds(15), "the last word");
        Assert.Equal(0, left);
        Assert.Equal("response", (string?)Assert.Single(_linear.Activities(agentSession))["content"]!["type"]);
    }

    [Fact]
    public async Task ALastWordLinearRefuses_IsRecordedWithLinearsReason_AndNotSaidAgain_ButALaterTurnsIs()
    {
        // The agent session is gone from Linear: every word for it is refused, not failed for now.
        await TurnThatEndedAsync("s-gone", agentSession: "agent-session-deleted");
        await _lastWords.StartAsync(CancellationToken.None);
        await NextLookAsync();
        for (var look = 0; look < 3; look++)
        {
            _time.Advance(LinearLastWords.Interval);
            await NextLookAsync();
        }

        var triedFirst = Tries();
        var refused = Assert.Single(await _sessions.GetEventPageAsync("s-gone", 0, int.MaxValue, [SessionEventTypes.Action], CancellationToken.None));
        await _sessions.AppendAsync("s-gone", [SessionEvents.Of(SessionEventTypes.MessageComplete, new { outcome = "succeeded", result = "Fixed it again." }), SessionEvents.Status(SessionStatus.Done, "the agent is done")], CancellationToken.None);
        _time.Advance(LinearLastWords.Settle + LinearLastWords.Interval);
        await NextLookAsync();
        _time.Advance(LinearLastWords.Interval);
        await NextLookAsync();

        Assert.Equal(1, triedFirst);
        Assert.Equal(("linear_last_word", "failed"), (refused.Data.GetProperty("key").GetString(), refused.Data.GetProperty("state").GetString()));
        Assert.Contains("Entity not found", refused.Data.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, Tries());
        Assert.Equal(2, (await _sessions.GetEventPageAsync("s-gone", 0, int.MaxValue, [SessionEventTypes.Action], CancellationToken.None)).Count);

        int Tries() => _linear.Requests.Count(r => r.Text.Contains("agentActivityCreate", StringComparison.Ordinal));
    }

    /// <summary>
    /// A session linked to an agent session (a new one, unless <paramref name="agentSession"/> names one), whose turn
    /// ended (done) with its last word unsaid; the status that ended it.
    /// </summary>
    private async Task<(string AgentSession, SessionEvent Done)> TurnThatEndedAsync(string id, string? agentSession = null)
    {
        await _sessions.CreateAsync(
            new SessionSeed { Id = id, Automation = "linear-agent", Trigger = new SessionTrigger("linear", "linear.AgentSessionEvent.created", id), Repository = "acme/web", RepositoryUrl = "/nowhere/web.git", Base = "main", Branch = $"automations/{id}", Agent = "demo" },
            [SessionEvents.Status(SessionStatus.Queued, "created")],
            CancellationToken.None);
        await _sessions.AppendAsync(
            id,
            [
                SessionEvents.Of(SessionEventTypes.Prompt, new { text = "Fix the print crash" }),
                SessionEvents.Of(SessionEventTypes.Token, new { stream = "assistant", text = "Looking at the printer." }),
                SessionEvents.Of(SessionEventTypes.MessageComplete, new { outcome = "succeeded", result = "Fixed the print crash." }),
                SessionEvents.Status(SessionStatus.Done, "the agent is done"),
            ],
            CancellationToken.None);
        agentSession ??= _linear.AddAgentSession(_issueId);
        await new SqlAgentSessionLinks(_database, _time).LinkAsync("linear", agentSession, id, CancellationToken.None);
        var done = (await _sessions.GetEventPageAsync(id, 0, int.MaxValue, [SessionEventTypes.Status], CancellationToken.None))[^1];
        return (agentSession, done);
    }

    /// <summary>Waits until the look now under way is over: the wait for the next one has begun.</summary>
    private async Task NextLookAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _time.WaitForTimerAsync(timeout.Token);
    }
}
