using System.Text.Json.Nodes;
using Automations.Integrations.Http;
using Automations.Integrations.Linear;
using Automations.Testing;
using Automations.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Integrations.Tests.Linear;

/// <summary>An agent session's mutations, with the app's OAuth token, against the fake that checks Linear's rules.</summary>
public sealed class LinearAgentSessionClientTests : IAsyncLifetime
{
    private const string ApiKey = "lin_api_testKey123";
    private const string AppToken = "lin_oauth_appToken456";
    private readonly ManualTimeProvider _time = new();
    private FakeLinear _linear = null!;
    private ServiceProvider _services = null!;

    private LinearClient Client => _services.GetRequiredService<LinearClient>();

    public async Task InitializeAsync()
    {
        _linear = await FakeLinear.StartAsync(ApiKey, AppToken);
        _services = Integrations.Build(
            new Dictionary<string, string?> { ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:ApiKey"] = ApiKey, ["Automations:Linear:AccessToken"] = AppToken },
            _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _linear.DisposeAsync();
    }

    [Fact]
    public async Task CreateActivityAsync_ThoughtActionAndSelect_ArriveAsLinearTakesThem_WithTheAppToken()
    {
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-1", "Login broken"));

        var thought = await Client.CreateActivityAsync(session, LinearActivity.Of(LinearActivity.Thought, "Looking."), CancellationToken.None);
        var running = await Client.CreateActivityAsync(session, LinearActivity.ToolCall("Read", "src/a.cs", result: null), CancellationToken.None);
        var question = await Client.CreateActivityAsync(
            session,
            new LinearActivity(new JsonObject { ["type"] = "elicitation", ["body"] = "Which browser?" }, Signal: "select", SignalMetadata: new JsonObject { ["options"] = new JsonArray(new JsonObject { ["value"] = "Chrome" }) }),
            CancellationToken.None);

        Assert.True(thought.Succeeded && running.Succeeded && question.Succeeded, $"{thought} {running} {question}");
        var activities = _linear.Activities(session);
        Assert.Equal(["thought", "action", "elicitation"], activities.Select(a => (string?)a["content"]!["type"]));
        Assert.True((bool)activities[1]["ephemeral"]!);
        Assert.Equal("select", (string?)activities[2]["signal"]);
        Assert.Equal("awaitingInput", (string?)_linear.AgentSession(session)!["status"]);
        Assert.All(_linear.Requests, r => Assert.Equal($"Bearer {AppToken}", r.Header("Authorization")));
    }

    [Fact]
    public async Task CreateActivityAsync_AnEphemeralResponse_IsRefusedWithLinearsReason()
    {
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-2", "Logout broken"));

        var result = await Client.CreateActivityAsync(session, LinearActivity.Of(LinearActivity.Response, "Done.") with { Ephemeral = true }, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains("Only thought and action activities can be ephemeral.", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSessionAsync_ExternalUrlsAndPlan_AreSetOnTheSession()
    {
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-3", "Search slow"));
        var plan = new JsonArray(new JsonObject { ["content"] = "Reproduce", ["status"] = "completed" }, new JsonObject { ["content"] = "Fix", ["status"] = "inProgress" });

        var updated = await Client.UpdateSessionAsync(session, [("Automations session", new Uri("https://automations.example/sessions/s1"))], plan, CancellationToken.None);

        Assert.True(updated.Succeeded, updated.ToString());
        var now = _linear.AgentSession(session)!;
        Assert.Equal("https://automations.example/sessions/s1", (string?)now["externalUrls"]![0]!["url"]);
        Assert.Equal("inProgress", (string?)now["plan"]![1]!["status"]);
    }

    [Fact]
    public async Task CreateSessionOnIssueAsync_ByIdentifier_StartsAnAgentSessionLinkedToThePage()
    {
        _linear.AddIssue("ENG-4", "Crash on start");

        var created = await Client.CreateSessionOnIssueAsync("ENG-4", ("Automations session", new Uri("https://automations.example/sessions/s4")), CancellationToken.None);

        Assert.True(created.Succeeded, created.ToString());
        var session = _linear.AgentSession(created.Value)!;
        Assert.Equal("ENG-4", (string?)session["issue"]!["identifier"]);
        Assert.Equal("https://automations.example/sessions/s4", (string?)session["externalUrls"]![0]!["url"]);
    }

    [Fact]
    public async Task CreateActivityAsync_WithOnlyAnApiKey_IsRefused_AgentSessionsAreTheAppsOnly()
    {
        await using var services = Integrations.Build(new Dictionary<string, string?> { ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:ApiKey"] = ApiKey }, _time);
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-5", "Typo"));

        var result = await services.GetRequiredService<LinearClient>().CreateActivityAsync(session, LinearActivity.Of(LinearActivity.Thought, "Hi."), CancellationToken.None);

        Assert.Contains("actor=app", result.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(_linear.Activities(session));
    }

    [Fact]
    public async Task CreateActivityAsync_AnIdLinearHasAlready_IsFoundThere_AndPostedOnce()
    {
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-6", "Crash on save"));
        var word = LinearActivity.Of(LinearActivity.Response, "Fixed.") with { Id = "6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a0b" };

        var first = await Client.CreateActivityAsync(session, word, CancellationToken.None);
        var again = await Client.CreateActivityAsync(session, word, CancellationToken.None);

        Assert.Equal(("6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a0b", "6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a0b"), (first.Value, again.Value));
        Assert.Equal(word.Id, (string?)Assert.Single(_linear.Activities(session))["id"]);
        Assert.Single(_linear.Requests, r => r.Text.Contains("agentActivity(id:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateActivityAsync_WhenLinearTookItButTheAnswerWasLost_TheRetryFindsItByItsId_AndItIsPostedOnce()
    {
        await using var services = Integrations.Build(
            new Dictionary<string, string?>
            {
                ["Automations:Linear:ApiUrl"] = _linear.ApiUrl.ToString(), ["Automations:Linear:AccessToken"] = AppToken,
                ["Automations:Linear:Retry:AttemptTimeout"] = "00:00:01",
            },
            _time);
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-7", "Crash on load"));
        var (held, release) = _linear.HoldNext(r => r.Text.Contains("agentActivityCreate", StringComparison.Ordinal), afterHandling: true);

        // Whether the client posts again before it looks (its retry of the attempt that ran out) or looks at once,
        // Linear has the one activity, and the look-up finds it.
        var (result, _) = await Integrations.DriveAsync(_time, () => services.GetRequiredService<LinearClient>().CreateActivityAsync(session, LinearActivity.Of(LinearActivity.Thought, "Looking."), CancellationToken.None));
        release();

        Assert.True(held.IsCompleted);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(result.Value, (string?)Assert.Single(_linear.Activities(session))["id"]);
        Assert.InRange(_linear.Requests.Count(r => r.Text.Contains("agentActivityCreate", StringComparison.Ordinal)), 1, 2);
        Assert.Single(_linear.Requests, r => r.Text.Contains("agentActivity(id:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateActivityAsync_AnIdThatIsNoUuid_IsRefusedWithLinearsReason()
    {
        var session = _linear.AddAgentSession(_linear.AddIssue("ENG-8", "Crash on quit"));

        var result = await Client.CreateActivityAsync(session, LinearActivity.Of(LinearActivity.Thought, "Hi.") with { Id = "not-a-uuid" }, CancellationToken.None);

        Assert.Contains("id must be a UUID v4.", result.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(_linear.Activities(session));
    }
}
