using System.Text;
using System.Text.Json;
using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// One human-in-the-loop, many surfaces (issue 17): a Linear agent session that also has a Slack thread asks a
/// question, and the same question is answered on Slack and in Linear at once. The agent gets one answer, the
/// session records which surface gave it, and the other surface is told in its own way: a reply in the Slack
/// thread, or an activity on the Linear agent session. Real engine, real command agent, fake Slack and Linear.
/// </summary>
public sealed class OneAnswerTests : IAsyncLifetime
{
    private const string LinearKey = "lin_api_e2e";
    private const string AppToken = "lin_oauth_e2e_app";
    private const string User = "U0MARIA";
    private const int Rounds = 3;

    private ActionsFakes _fakes = null!;
    private FakeLinear _linear = null!;
    private string _issueId = null!;

    public async Task InitializeAsync()
    {
        _fakes = await ActionsFakes.StartAsync();
        _linear = await FakeLinear.StartAsync(LinearKey, AppToken);
        _issueId = _linear.AddIssue("ENG-412", "Checkout crashes");
    }

    public async Task DisposeAsync()
    {
        await _linear.DisposeAsync();
        await _fakes.DisposeAsync();
    }

    /// <summary>
    /// The first time, asks which browser, with two choices, through the question file; every later turn appends
    /// the prompt it was given to its session's log in the shared folder: every answer it ever received.
    /// </summary>
    private string Agent => $$"""
        log="{{_fakes.Setup.SharedDir}}/answers-$AUTOMATIONS_SESSION_ID.log"
        if [ ! -f "{{_fakes.Setup.SharedDir}}/asked-$AUTOMATIONS_SESSION_ID" ]; then
          touch "{{_fakes.Setup.SharedDir}}/asked-$AUTOMATIONS_SESSION_ID"
          printf '{"questions":[{"question":"Which browser first?","header":"Browser","options":[{"label":"Firefox"},{"label":"Chromium"}],"multiSelect":false}]}' > "$AUTOMATIONS_QUESTION_FILE"
          exit 0
        fi
        { cat; printf '\n----\n'; } >> "$log"
        echo "tested it"
        """;

    [Fact]
    public Task SameQuestion_AnsweredOnSlackAndInLinearAtOnce_TheAgentGetsOneAnswer_AndTheOtherSurfaceIsTold() =>
        RaceAsync([]);

    [PostgresFact]
    public async Task SameQuestion_AnsweredOnSlackAndInLinearAtOnce_OnPostgres_TheAgentGetsOneAnswer_AndTheOtherSurfaceIsTold()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("automations_answers");
        await RaceAsync([("Automations:Store:Provider", "postgres"), ("Automations:Store:ConnectionString", database.ConnectionString)]);
    }

    private async Task RaceAsync((string Key, string Value)[] store)
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(store));
        for (var round = 0; round < Rounds; round++)
        {
            // Alternate the Slack side between a button under the question and a reply in the thread.
            await RoundAsync(engine, round, button: round % 2 == 0);
        }
    }

    /// <summary>One session, one question, two answers at once.</summary>
    private async Task RoundAsync(EngineProcess engine, int round, bool button)
    {
        var agentSession = _linear.AddAgentSession(_issueId);
        var sessionId = await LinearAgentDeliveries.SendCreatedAsync(engine, agentSession, _issueId, "Test it in a browser");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input" && Asked(sessionId) is not null);
        await Waiting.UntilAsync(() => Types(agentSession).Contains("elicitation"), TimeSpan.FromSeconds(15), "the elicitation");
        var asked = Asked(sessionId)!;
        var root = _fakes.Roots.Single(r => r.Ts == asked.ThreadTs);

        using var slackRequest = button
            ? ProviderDeliveries.SlackInteraction(_fakes.Slack.Press(asked, "Firefox", User))
            : ProviderDeliveries.Slack(Encoding.UTF8.GetBytes(_fakes.Slack.ThreadReply(root, User, "Firefox").ToJsonString()), ProviderDeliveries.UnixNow());
        using var linearRequest = ProviderDeliveries.Linear("AgentSessionEvent", $"lin-{agentSession}-answer", LinearAgentDeliveries.Prompted(agentSession, _issueId, "ENG-412", $"act-{round}", "Chromium", status: "awaitingInput"));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slack = Task.Run(async () => { await go.Task; return await engine.Http.SendAsync(slackRequest); });
        var linear = Task.Run(async () => { await go.Task; return await engine.Http.SendAsync(linearRequest); });
        go.SetResult();
        using var slackAnswer = await slack;
        using var linearAnswer = await linear;
        Assert.True(slackAnswer.IsSuccessStatusCode, $"slack: {slackAnswer.StatusCode}");
        Assert.True(linearAnswer.IsSuccessStatusCode, $"linear: {linearAnswer.StatusCode}");

        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");
        var answers = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "message" && e.GetProperty("data").GetProperty("from").GetString() != "trigger").ToList();
        var answer = Assert.Single(answers).GetProperty("data");
        var from = answer.GetProperty("from").GetString()!;
        var text = answer.GetProperty("text").GetString()!;
        Assert.Contains(from, new[] { "linear", $"slack:{User}" });
        Assert.Equal(from == "linear" ? "Chromium" : "Firefox", text);
        Assert.Contains(await StatusReasonsAsync(engine, sessionId), r => r == $"answered from {from}");

        // The agent got that answer, and only it: one turn after its question.
        var received = File.ReadAllText(_fakes.Setup.Shared($"answers-{sessionId}.log")).Split("\n----\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([text], received.Select(r => r.Trim()));

        if (from == "linear")
        {
            Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text.StartsWith($"<@{User}> ", StringComparison.Ordinal)
                && m.Text.Contains("already answered, from linear", StringComparison.Ordinal));
        }
        else
        {
            await Waiting.UntilAsync(() => _linear.Activities(agentSession).Any(Told), TimeSpan.FromSeconds(10), "Linear told the question was answered");
            Assert.DoesNotContain(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text.Contains("already answered", StringComparison.Ordinal));
        }
    }

    /// <summary>Linear's activity saying the question had been answered on Slack.</summary>
    private static bool Told(System.Text.Json.Nodes.JsonObject activity) =>
        (string?)activity["content"]!["body"] is { } body && body.Contains($"already answered, from slack:{User}", StringComparison.Ordinal);

    /// <summary>The reply under the session's Slack thread that asks its question, with its buttons.</summary>
    private FakeSlackMessage? Asked(string sessionId)
    {
        var root = _fakes.Roots.FirstOrDefault(r => (string?)r.Metadata?["event_payload"]?["session"] == sessionId);
        return root is null ? null : _fakes.Slack.Messages.FirstOrDefault(m => m.ThreadTs == root.Ts && m.Blocks is { } b && b.ToJsonString().Contains("automations_answer", StringComparison.Ordinal));
    }

    private static async Task<List<string?>> StatusReasonsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "status")
            .Select(e => e.GetProperty("data").TryGetProperty("reason", out var r) ? r.GetString() : null)];

    private IReadOnlyList<string?> Types(string agentSession) => [.. _linear.Activities(agentSession).Select(a => (string?)a["content"]!["type"])];

    private Dictionary<string, string> Settings((string Key, string Value)[] store)
    {
        var settings = _fakes.AutofixSettings(
            Agent,
            [
                .. ProviderDeliveries.Secrets,
                ("Automations:Linear:ApiUrl", _linear.ApiUrl.ToString()),
                ("Automations:Linear:AccessToken", AppToken),
                ("Automations:Worker:Concurrency", "2"),
                .. store,
            ]);
        _fakes.Setup.Definition("autofix.yaml", LinearAgentDeliveries.Definition("""  - slack: { channel: "#alerts" }"""));
        return settings;
    }
}
