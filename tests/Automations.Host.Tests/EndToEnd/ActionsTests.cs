using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using Automations.Testing.Fakes;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A session's actions through the real executable against fake GitHub and Slack servers on 127.0.0.1:
/// one pull request, one Slack thread and one comment, exactly once even across kill -9; GitHub's refusal
/// and the result webhook.
/// </summary>
public sealed class ActionsTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the fakes and folders go with the test.
    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task LabeledIssue_EndsWithOnePullRequestOneThreadAndOneComment_EvenThroughARateLimit()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent);
        // GitHub limits the first attempt to open the pull request: it is waited out, and the action is not lost.
        _fakes.GitHub.FailNext(1, FakeFailure.TooManyRequests(1), r => r.Method == "POST" && r.Path.EndsWith("/pulls", StringComparison.Ordinal));
        _fakes.GitHub.FailNext(1, FakeFailure.GitHubSecondaryRateLimit(1), r => r.Method == "POST" && r.Path.EndsWith("/comments", StringComparison.Ordinal));
        await using var engine = await _fakes.Setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-actions");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "errored" or "done" || (Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment")));

        Assert.True(Status(session) == "pr_open", session.ToString());
        var pr = Assert.Single(_fakes.GitHub.PullRequests);
        Assert.Equal(("fix: Login button does nothing on <Safari> & Firefox", true, $"automations/autofix/{sessionId}", "main"), (pr.Title, pr.Draft, pr.Head, pr.Base));
        Assert.Equal(["autofix"], pr.Labels);
        Assert.Contains($"https://automations.example/sessions/{sessionId}", pr.Body, StringComparison.Ordinal);
        Assert.Equal(pr.Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.Equal(2, _fakes.GitHub.RequestsTo("POST", "/repos/acme/web/pulls").Count);

        Assert.True(_fakes.Roots.Count == 1, $"{string.Join("\n", _fakes.Slack.Requests.Select(r => r.Path + " " + r.Text))}\n{await engine.Http.GetStringAsync($"/api/sessions/{sessionId}/events")}");
        var root = _fakes.Roots[0];
        Assert.Equal("C0ALERTS", root.Channel);
        Assert.Contains("pr_open", root.Text, StringComparison.Ordinal);
        Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text.Contains("pr_open", StringComparison.Ordinal));

        var comment = Assert.Single(_fakes.GitHub.Comments("acme/web", 1347));
        Assert.Equal(2, _fakes.GitHub.RequestsTo("POST", "/repos/acme/web/issues/1347/comments").Count);
        Assert.Contains($"session `{sessionId}`", comment["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(pr.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), comment["body"]!.GetValue<string>(), StringComparison.Ordinal);

        // The tokens never reach a log line or an API answer.
        var answers = (await engine.Http.GetStringAsync($"/api/sessions/{sessionId}")) + await engine.Http.GetStringAsync($"/api/sessions/{sessionId}/events");
        Assert.DoesNotContain(GitHubToken, engine.Output + answers, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackToken, engine.Output + answers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillNine_BetweenActions_TheJobRunsAgain_AndEachActionHappenedOnce()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        // The engine dies after GitHub made the comment but before the engine heard so: after the pull
        // request and the thread. The next attempt finds the comment by its marker instead of making another.
        var sessionId = await _fakes.KillWhileHeldAsync(settings, _fakes.GitHub, r => r.Method == "POST" && r.Path == "/repos/acme/web/issues/1347/comments", afterHandling: true, engine => DeliverAsync(engine, "d-kill"));
        Assert.Single(_fakes.GitHub.PullRequests);
        Assert.Single(_fakes.Roots);
        Assert.Single(_fakes.GitHub.Comments("acme/web", 1347));

        await using var restarted = await _fakes.Setup.StartAsync(settings);
        var session = await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && s.GetProperty("error").ValueKind == JsonValueKind.Null && ActionDone(restarted, sessionId, "comment"));

        Assert.Single(_fakes.GitHub.PullRequests);
        Assert.Single(_fakes.Roots);
        Assert.Single(_fakes.GitHub.Comments("acme/web", 1347));
        Assert.Equal(_fakes.GitHub.PullRequests[0].Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.Single(_fakes.GitHub.RequestsTo("GET", "/repos/acme/web/issues/1347/comments")); // the retry looked for the marker
    }

    [Theory]
    [InlineData("#alerts", "C0ALERTS")]
    [InlineData("@oncall", "D0U0ONCALL")] // a person: the thread is in the bot's direct message with them
    public async Task KillNine_AfterSlackPostedTheThreadsFirstMessage_TheRetryFindsItByItsMetadata(string channel, string channelId)
    {
        var settings = _fakes.AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        _fakes.Slack.AddUser("U0ONCALL", "oncall", "On-call");
        var definition = Path.Combine(_fakes.Setup.AutomationsDir, "autofix.yaml");
        File.WriteAllText(definition, File.ReadAllText(definition).Replace("\"#alerts\"", $"\"{channel}\"", StringComparison.Ordinal));
        // Slack posted the thread's first message; the engine died before it heard the ts.
        var sessionId = await _fakes.KillWhileHeldAsync(settings, _fakes.Slack, r => r.Path == "/api/chat.postMessage" && !r.Text.Contains("\"thread_ts\"", StringComparison.Ordinal), afterHandling: true, engine => DeliverAsync(engine, "d-slack-root"));
        var root = Assert.Single(_fakes.Roots);

        await using var restarted = await _fakes.Setup.StartAsync(settings);
        await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(restarted, sessionId, "comment"));

        Assert.Equal((root.Ts, channelId), (Assert.Single(_fakes.Roots).Ts, root.Channel));
        Assert.Contains(_fakes.Slack.Requests, r => r.Path == "/api/conversations.history" && r.Query.Contains($"channel={channelId}", StringComparison.Ordinal));
        Assert.Contains(_fakes.Slack.Messages, m => m.ThreadTs == root.Ts && m.Text.Contains("pr_open", StringComparison.Ordinal));
        Assert.Single(_fakes.GitHub.PullRequests);
    }

    [Fact]
    public async Task KillNine_AfterTheTurnBeforeItSettles_TheAgentDoesNotRunAgain_AndThePullRequestIsMadeOnce()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        // The engine dies while asking GitHub for the pull request: the agent's turn is over, the session not yet settled.
        var sessionId = await _fakes.KillWhileHeldAsync(settings, _fakes.GitHub, r => r.Method == "POST" && r.Path == "/repos/acme/web/pulls", afterHandling: false, engine => DeliverAsync(engine, "d-unsettled"));

        await using var restarted = await _fakes.Setup.StartAsync(settings);
        var session = await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(restarted, sessionId, "comment"));

        Assert.Single(_fakes.GitHub.PullRequests);
        var events = (await restarted.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().ToList();
        Assert.Single(events, e => e.GetProperty("type").GetString() == "prompt");
        Assert.Single(events, e => e.GetProperty("type").GetString() == "message_complete");
        Assert.Equal(_fakes.GitHub.PullRequests[0].Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task PullRequestRefused_HeadNeverPushedWhereGitHubLooks_EndsTheSessionWithGitHubsMessage_InTheApi()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent);

        // The engine pushes to its git URL; this GitHub holds another copy of the repository, which never gets the branch.
        var elsewhere = _fakes.Setup.Combine("elsewhere");
        Directory.CreateDirectory(Path.Combine(elsewhere, "acme"));
        GitRepository.CreateBare(Path.Combine(elsewhere, "acme", "web.git"), new Dictionary<string, string> { ["README.md"] = "# web\n" });
        _fakes.GitHub.UseRepositories(elsewhere);
        await using var engine = await _fakes.Setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-refused");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "errored" or "pr_open" or "done");

        Assert.Equal("errored", Status(session));
        Assert.Contains("Validation Failed: head invalid", session.GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = session.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "pull_request");
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("422", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_fakes.GitHub.PullRequests);

        // The thread and the comment still tell what happened.
        await engine.WaitForSessionAsync(sessionId, _ => _fakes.GitHub.Comments("acme/web", 1347).Count == 1 && _fakes.Slack.Messages.Any(m => m.Text.Contains("errored", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ResultWebhook_IsPostedOnce_SignedTheStandardWebhooksWay()
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        var settings = _fakes.AutofixSettings(RecordingAgent, ("RESULT_HOOK_SECRET", Secret));
        _fakes.Setup.Definition("autofix.yaml", """
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: Fix it.
            actions:
              - webhook: { url: "RECEIVER/hooks/automations", secret: env:RESULT_HOOK_SECRET }
            """.Replace("RECEIVER/", receiver.Url.ToString(), StringComparison.Ordinal));
        await using var engine = await _fakes.Setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-webhook");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(engine, sessionId, "webhook"));

        var posted = Assert.Single(receiver.RequestsTo("POST", "/hooks/automations"));
        var verdict = Automations.Core.Sources.StandardWebhooks.StandardWebhookSignature.Verify(
            Secret, posted.Headers["webhook-id"], posted.Headers["webhook-timestamp"], posted.Headers["webhook-signature"], posted.Body, TimeProvider.System.GetUtcNow());
        Assert.Equal(Automations.Core.Sources.SignatureResult.Valid, verdict);
        Assert.Equal($"{sessionId}.webhook", posted.Headers["webhook-id"]);
        var result = JsonDocument.Parse(posted.Body).RootElement.GetProperty("session");
        Assert.Equal((sessionId, "done"), (result.GetProperty("id").GetString(), result.GetProperty("status").GetString()));
    }
}
