using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// What the action tests share: an engine setup, a fake GitHub that sees the repositories the engine
/// pushes to (and the issue the delivery names), a fake Slack with an #alerts channel, the autofix
/// definition with its actions, and the ways to deliver to the engine and to kill it mid-action.
/// </summary>
public sealed class ActionsFakes : IAsyncDisposable
{
    public const string GitHubToken = "ghp_e2eSecretToken000000000000000000000";
    public const string SlackToken = "xoxb-e2e-secret-token";

    /// <summary>An agent that appends each prompt it gets to PROMPTS.md, so the branch shows what it was told.</summary>
    public const string RecordingAgent = """
        cat >> PROMPTS.md
        printf '\n----\n' >> PROMPTS.md
        echo "done"
        """;

    private ActionsFakes(FakeGitHub github, FakeSlack slack)
    {
        GitHub = github;
        Slack = slack;
    }

    public EngineSetup Setup { get; } = new();

    public FakeGitHub GitHub { get; }

    public FakeSlack Slack { get; }

    /// <summary>The Slack messages that start a thread.</summary>
    public IReadOnlyList<FakeSlackMessage> Roots => [.. Slack.Messages.Where(m => m.ThreadTs is null)];

    public static async Task<ActionsFakes> StartAsync()
    {
        var github = await FakeGitHub.StartAsync();
        github.AddToken(GitHubToken);
        var slack = await FakeSlack.StartAsync(SlackToken);
        slack.AddChannel("C0ALERTS", "alerts");
        var fakes = new ActionsFakes(github, slack);
        github.UseRepositories(fakes.Setup.GitRoot);

        // The issue of Payloads/github/issues-labeled.json.
        github.AddIssue("acme/web", 1347);
        return fakes;
    }

    public static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    /// <summary>The autofix definition with its three actions, and the engine's settings for the fakes.</summary>
    public Dictionary<string, string> AutofixSettings(string agentBody, params (string Key, string Value)[] extra)
    {
        Setup.Definition("autofix.yaml", """
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: "Fix issue #{{ event.subject.number }}: {{ event.subject.title }}"
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}", draft: true, labels: [autofix] }
              - slack: { channel: "#alerts" }
              - comment: { on: trigger }
            follow_up: { ci_failed: { retries: 1 }, changes_requested: { retries: 1 } }
            """);
        return Setup.Settings(
            Setup.Agent("agent", agentBody),
            [
                ("Automations:PublicUrl", "https://automations.example/"),
                ("Automations:GitHub:ApiUrl", GitHub.Url.ToString()),
                ("Automations:GitHub:Token", GitHubToken),
                ("Automations:GitHub:Retry:BaseDelay", "00:00:00.200"),
                ("Automations:Slack:ApiUrl", Slack.ApiUrl.ToString()),
                ("Automations:Slack:BotToken", SlackToken),
                .. extra,
            ]);
    }

    /// <summary>Delivers the labeled issue; the session it started.</summary>
    public static async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    /// <summary>Posts a GitHub delivery, signed; it must be taken.</summary>
    public static async Task PostAsync(EngineProcess engine, string eventName, string deliveryId, JsonObject payload)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var response = await engine.PostGitHubAsync(eventName, deliveryId, body, EngineSetup.Sign(body));
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static bool ActionDone(EngineProcess engine, string sessionId, string key) =>
        engine.GetJsonAsync($"/api/sessions/{sessionId}/events").GetAwaiter().GetResult().EnumerateArray()
            .Any(e => e.GetProperty("type").GetString() == "action" && e.GetProperty("data").GetProperty("key").GetString() == key && e.GetProperty("data").GetProperty("state").GetString() == "done");

    /// <summary>
    /// Starts the engine, makes it start a session, and kills it (-9) while <paramref name="server"/> holds the
    /// request <paramref name="matching"/> picks: before the provider handles it, or after, with the answer
    /// not yet sent. The held request then goes on. The session's id.
    /// </summary>
    public async Task<string> KillWhileHeldAsync(Dictionary<string, string> settings, FakeServer server, Func<RecordedRequest, bool> matching, bool afterHandling, Func<EngineProcess, Task<string>> deliver)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(deliver);
        var (held, release) = server.HoldNext(matching, afterHandling);
        var engine = await Setup.StartAsync(settings);
        var sessionId = await deliver(engine);
        await held.WaitAsync(TimeSpan.FromSeconds(90));
        await engine.KillAsync();
        release();
        await engine.DisposeAsync();
        return sessionId;
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Slack.DisposeAsync();
        Setup.Dispose();
    }
}
