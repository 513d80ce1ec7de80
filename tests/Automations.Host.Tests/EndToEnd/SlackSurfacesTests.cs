using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Slack both ways, through the real executable against the fake Slack: replies and buttons in a session's thread steer it.</summary>
public sealed class SlackSurfacesTests : IAsyncLifetime
{
    private const string SigningSecret = "e2e-slack-signing-secret";

    /// <summary>Asks which browser, with two choices; then writes the answer it got, which the pull request carries.</summary>
    private const string ChoosingAgent = """
        if [ ! -f "$HOME/asked" ]; then
          touch "$HOME/asked"
          cat > "$AUTOMATIONS_QUESTION_FILE" <<'JSON'
        {"questions":[{"question":"Which browser should I test first?","header":"Browser","multiSelect":false,
          "options":[{"label":"Firefox","description":"Most of our users"},{"label":"Chromium","description":"What CI runs"}]}]}
        JSON
          exit 0
        fi
        cat > ANSWER.md
        """;

    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private Dictionary<string, string> Settings(string agent) => _fakes.AutofixSettings(agent, ("Automations:Sources:Slack:SigningSecret", SigningSecret));

    private static string Sign(string timestamp, byte[] body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), (byte[])[.. Encoding.UTF8.GetBytes($"v0:{timestamp}:"), .. body]));

    private static async Task<HttpResponseMessage> PostSignedAsync(EngineProcess engine, string path, byte[] body, string contentType, string? signature = null)
    {
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? Sign(ts, body));
        return await engine.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PressAsync(EngineProcess engine, JsonObject payload, string? signature = null) =>
        PostSignedAsync(engine, "/webhooks/slack/interactions", Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString())), "application/x-www-form-urlencoded", signature);

    /// <summary>The thread's reply that asks the question, with its buttons.</summary>
    private FakeSlackMessage? Asked => _fakes.Slack.Messages.FirstOrDefault(m => m.ThreadTs is not null && m.Blocks is { } b && b.ToJsonString().Contains("automations_answer", StringComparison.Ordinal));

    private async Task<(EngineProcess Engine, string SessionId, FakeSlackMessage Asked)> AskedAsync(string deliveryId)
    {
        var engine = await _fakes.Setup.StartAsync(Settings(ChoosingAgent));
        var sessionId = await DeliverAsync(engine, deliveryId);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input" && Asked is not null);
        return (engine, sessionId, Asked!);
    }

    private async Task<string> AnswerOnBranchAsync(EngineProcess engine, string sessionId)
    {
        await engine.WaitForSessionAsync(sessionId, s => Status(s) is "pr_open" or "errored" or "done");
        return GitRepository.Show(_fakes.Setup.Remote, $"automations/autofix/{sessionId}", "ANSWER.md");
    }

    [Fact]
    public async Task Question_IsPostedWithAButtonPerChoice_AndAThreadReplyAnswersIt()
    {
        var (engine, sessionId, asked) = await AskedAsync("d-slack-reply");
        await using var _ = engine;
        Assert.Contains("Which browser should I test first?", asked.Text, StringComparison.Ordinal);
        var buttons = asked.Blocks!.OfType<JsonObject>().Where(b => (string?)b["type"] == "actions").SelectMany(b => b["elements"]!.AsArray()).Select(e => (string?)e!["text"]!["text"]).ToList();
        Assert.Equal(["Firefox", "Chromium"], buttons);
        var root = Assert.Single(_fakes.Roots);

        var reply = Encoding.UTF8.GetBytes(_fakes.Slack.ThreadReply(root, "U0MARIA", "Chromium, please").ToJsonString());
        using var response = await PostSignedAsync(engine, "/webhooks/slack", reply, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        Assert.Equal("Chromium, please", await AnswerOnBranchAsync(engine, sessionId));
        Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text == "Answered by <@U0MARIA>: Chromium, please");
        var message = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Last(e => e.GetProperty("type").GetString() == "message");
        Assert.Equal("slack:U0MARIA", message.GetProperty("data").GetProperty("from").GetString());

        // The bot's own messages in the thread never steer.
        var own = _fakes.Slack.ThreadReply(root, "U0AUTOMATBOT", "stop");
        own["event"]!["bot_id"] = "B0AUTOMAT";
        using var ignored = await PostSignedAsync(engine, "/webhooks/slack", Encoding.UTF8.GetBytes(own.ToJsonString()), "application/json");
        Assert.Equal("pr_open", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
    }

    [Fact]
    public async Task AQuestionAnsweredElsewhere_LosesItsButtonsInSlack_AndSaysWhereTheAnswerCameFrom()
    {
        var (engine, sessionId, asked) = await AskedAsync("d-slack-elsewhere");
        await using var _ = engine;

        using var posted = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Chromium" });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("Chromium", await AnswerOnBranchAsync(engine, sessionId));
        Assert.DoesNotContain("automations_answer", asked.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith("*needs_input*: Browser: Which browser should I test first?", asked.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nAnswered from api: Chromium", asked.Text, StringComparison.Ordinal);
        Assert.Contains("Answered from api: Chromium", asked.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, asked.Edits);
    }

    [Fact]
    public async Task AnAnsweredQuestionsEdit_RefusedOnceForItsRate_IsMadeOnALaterRun()
    {
        var (engine, sessionId, asked) = await AskedAsync("d-slack-edit-later");
        await using var _ = engine;
        _fakes.Slack.FailNext(1, FakeFailure.TooManyRequests(1), r => r.Path.EndsWith("/chat.update", StringComparison.Ordinal) && r.Text.Contains(asked.Ts, StringComparison.Ordinal));

        using var posted = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Chromium" });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("Chromium", await AnswerOnBranchAsync(engine, sessionId));
        // Refused once, then made: two asks to edit that message, one edit.
        Assert.Equal(2, _fakes.Slack.Requests.Count(r => r.Path.EndsWith("/chat.update", StringComparison.Ordinal) && r.Text.Contains(asked.Ts, StringComparison.Ordinal)));
        Assert.EndsWith("\nAnswered from api: Chromium", asked.Text, StringComparison.Ordinal);
        Assert.Equal(1, asked.Edits);
    }

    [Fact]
    public async Task StopButton_StopsTheSession_AndTheThreadsFirstMessageShowsIt_AndABadSignatureIs401()
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(_fakes.Setup.StoppableAgent()));
        var sessionId = await DeliverAsync(engine, "d-slack-stop");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "working" && _fakes.Roots.Count == 1);
        var root = _fakes.Roots[0];

        var press = _fakes.Slack.Press(root, "automations_stop", "U0MARIA");
        using var forged = await PressAsync(engine, press, signature: "v0=" + new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("working", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var pressed = await PressAsync(engine, press);
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed}");

        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "killed" && _fakes.Roots[0].Text.Contains("killed", StringComparison.Ordinal));
        Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text == "Stopped by <@U0MARIA>.");
        Assert.Contains("automations_resume", _fakes.Roots[0].Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("automations_stop", _fakes.Roots[0].Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains((await engine.GetJsonAsync("/api/deliveries")).EnumerateArray(), d => d.GetProperty("outcome").GetString() == "refused");
    }

    [Fact]
    public async Task SameQuestion_AnsweredOnSlackAndByTheApiAtOnce_TheAgentGetsOneAnswer_AndTheOtherIsTold()
    {
        var (engine, sessionId, asked) = await AskedAsync("d-slack-race");
        await using var _ = engine;

        // Both answer the same question, by its number, as the button and the console do. A text without the
        // number that came after the button's answer would be a follow-up, not a second answer.
        var question = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Last(e => e.GetProperty("type").GetString() == "status" && e.GetProperty("data").GetProperty("status").GetString() == "needs_input").GetProperty("seq").GetInt64();
        var slack = PressAsync(engine, _fakes.Slack.Press(asked, "Firefox", "U0MARIA"));
        var api = engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Chromium", question });
        using var pressed = await slack;
        using var posted = await api;

        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        var answer = await AnswerOnBranchAsync(engine, sessionId);
        Assert.Contains(answer, new[] { "Firefox", "Chromium" });
        var messages = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Where(e => e.GetProperty("type").GetString() == "message").ToList();
        Assert.Equal(2, messages.Count); // the instructions, then one answer
        if (answer == "Firefox")
        {
            Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
            Assert.Contains("already answered, from slack:U0MARIA", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == asked.ThreadTs && m.Text.Contains("already answered, from api", StringComparison.Ordinal));
        }
    }
}
