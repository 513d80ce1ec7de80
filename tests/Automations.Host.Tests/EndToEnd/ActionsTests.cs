using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using Automations.Testing.Fakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A session's actions through the real executable against fake GitHub and Slack servers on 127.0.0.1:
/// one pull request, one Slack thread and one comment, exactly once even across kill -9; CI failures and
/// reviews become follow-up turns that carry the real text; a merge ends the session.
/// </summary>
public sealed class ActionsTests : IAsyncLifetime
{
    private const string GitHubToken = "ghp_e2eSecretToken000000000000000000000";
    private const string SlackToken = "xoxb-e2e-secret-token";

    private readonly EngineSetup _setup = new();
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync();
        _github.AddToken(GitHubToken);
        _slack = await FakeSlack.StartAsync(SlackToken);
        _slack.AddChannel("C0ALERTS", "alerts");
    }

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the fakes and folders go with the test.
    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _slack.DisposeAsync();
        _setup.Dispose();
    }

    /// <summary>The autofix definition with its three actions, and the engine's settings for the fakes.</summary>
    private Dictionary<string, string> AutofixSettings(string agentBody, params (string Key, string Value)[] extra)
    {
        _setup.Definition("autofix.yaml", """
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
        var agent = _setup.Agent("agent", agentBody);
        return _setup.Settings(
            agent,
            [
                ("Automations:PublicUrl", "https://automations.example/"),
                ("Automations:GitHub:ApiUrl", _github.Url.ToString()),
                ("Automations:GitHub:Token", GitHubToken),
                ("Automations:GitHub:Retry:BaseDelay", "00:00:00.200"),
                ("Automations:Slack:ApiUrl", _slack.ApiUrl.ToString()),
                ("Automations:Slack:BotToken", SlackToken),
                .. extra,
            ]);
    }

    /// <summary>An agent that appends each prompt it gets to PROMPTS.md, so the branch shows what it was told.</summary>
    private const string RecordingAgent = """
        cat >> PROMPTS.md
        printf '\n----\n' >> PROMPTS.md
        echo "done"
        """;

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    private static async Task PostAsync(EngineProcess engine, string eventName, string deliveryId, JsonObject payload)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var response = await engine.PostGitHubAsync(eventName, deliveryId, body, EngineSetup.Sign(body));
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static JsonObject Repository() => new()
    {
        ["id"] = 1, ["name"] = "web", ["full_name"] = "acme/web", ["private"] = false, ["owner"] = new JsonObject { ["login"] = "acme" }, ["html_url"] = "https://github.com/acme/web",
    };

    private static JsonObject Sender(string login = "ci-bot") => new() { ["login"] = login, ["type"] = "User" };

    private static JsonObject CheckRunFailed(long id, string branch, string sha) => new()
    {
        ["action"] = "completed",
        ["check_run"] = new JsonObject
        {
            ["id"] = id, ["name"] = "unit tests", ["head_sha"] = sha, ["status"] = "completed", ["conclusion"] = "failure",
            ["html_url"] = $"https://github.com/acme/web/runs/{id}",
            ["check_suite"] = new JsonObject { ["id"] = 5, ["head_branch"] = branch, ["head_sha"] = sha },
        },
        ["repository"] = Repository(),
        ["sender"] = Sender(),
    };

    private static JsonObject PullRequestPayload(string action, FakePullRequest pr, bool merged) => new()
    {
        ["action"] = action,
        ["number"] = pr.Number,
        ["pull_request"] = new JsonObject
        {
            ["number"] = pr.Number, ["html_url"] = $"https://github.com/acme/web/pull/{pr.Number}", ["state"] = "closed", ["merged"] = merged,
            ["head"] = new JsonObject { ["ref"] = pr.Head, ["sha"] = pr.HeadSha }, ["base"] = new JsonObject { ["ref"] = pr.Base },
            ["user"] = new JsonObject { ["login"] = "automations" }, ["author_association"] = "MEMBER",
        },
        ["repository"] = Repository(),
        ["sender"] = Sender("maria-dev"),
    };

    private static JsonObject ReviewPayload(FakePullRequest pr, long reviewId) => new()
    {
        ["action"] = "submitted",
        ["review"] = new JsonObject
        {
            ["id"] = reviewId, ["state"] = "changes_requested", ["body"] = "Please handle the empty case.",
            ["user"] = new JsonObject { ["login"] = "maria-dev" }, ["author_association"] = "MEMBER",
        },
        ["pull_request"] = new JsonObject
        {
            ["number"] = pr.Number, ["html_url"] = $"https://github.com/acme/web/pull/{pr.Number}",
            ["head"] = new JsonObject { ["ref"] = pr.Head, ["sha"] = pr.HeadSha }, ["base"] = new JsonObject { ["ref"] = pr.Base },
        },
        ["repository"] = Repository(),
        ["sender"] = Sender("maria-dev"),
    };

    private IReadOnlyList<FakeSlackMessage> Roots => [.. _slack.Messages.Where(m => m.ThreadTs is null)];

    [Fact]
    public async Task LabeledIssue_EndsWithOnePullRequestOneThreadAndOneComment_EvenThroughARateLimit()
    {
        var settings = AutofixSettings(RecordingAgent);
        // GitHub limits the first attempt to open the pull request: it is waited out, and the action is not lost.
        _github.FailNext(1, FakeFailure.TooManyRequests(1), r => r.Method == "POST" && r.Path.EndsWith("/pulls", StringComparison.Ordinal));
        _github.FailNext(1, FakeFailure.GitHubSecondaryRateLimit(1), r => r.Method == "POST" && r.Path.EndsWith("/comments", StringComparison.Ordinal));
        await using var engine = await _setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-actions");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "errored" or "done" || (Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment")));

        Assert.True(Status(session) == "pr_open", session.ToString());
        var pr = Assert.Single(_github.PullRequests);
        Assert.Equal(("fix: Login button does nothing on <Safari> & Firefox", true, $"automations/autofix/{sessionId}", "main"), (pr.Title, pr.Draft, pr.Head, pr.Base));
        Assert.Equal(["autofix"], pr.Labels);
        Assert.Contains($"https://automations.example/api/sessions/{sessionId}", pr.Body, StringComparison.Ordinal);
        Assert.Equal(pr.Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.Equal(2, _github.RequestsTo("POST", "/repos/acme/web/pulls").Count);

        Assert.True(Roots.Count == 1, $"{string.Join("\n", _slack.Requests.Select(r => r.Path + " " + r.Text))}\n{await engine.Http.GetStringAsync($"/api/sessions/{sessionId}/events")}");
        var root = Roots[0];
        Assert.Equal("C0ALERTS", root.Channel);
        Assert.Contains("pr_open", root.Text, StringComparison.Ordinal);
        Assert.Contains(_slack.Messages, m => m.ThreadTs == root.Ts && m.Text.Contains("pr_open", StringComparison.Ordinal));

        var comment = Assert.Single(_github.Comments("acme/web", 1347));
        Assert.Equal(2, _github.RequestsTo("POST", "/repos/acme/web/issues/1347/comments").Count);
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
        var settings = AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        // The engine dies after GitHub made the comment but before the engine heard so: after the pull
        // request and the thread. The next attempt finds the comment by its marker instead of making another.
        var sessionId = await KillWhileHeldAsync(settings, _github, r => r.Method == "POST" && r.Path == "/repos/acme/web/issues/1347/comments", afterHandling: true, engine => DeliverAsync(engine, "d-kill"));
        Assert.Single(_github.PullRequests);
        Assert.Single(Roots);
        Assert.Single(_github.Comments("acme/web", 1347));

        await using var restarted = await _setup.StartAsync(settings);
        var session = await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && s.GetProperty("error").ValueKind == JsonValueKind.Null && ActionDone(restarted, sessionId, "comment"));

        Assert.Single(_github.PullRequests);
        Assert.Single(Roots);
        Assert.Single(_github.Comments("acme/web", 1347));
        Assert.Equal(_github.PullRequests[0].Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.Single(_github.RequestsTo("GET", "/repos/acme/web/issues/1347/comments")); // the retry looked for the marker
    }

    [Fact]
    public async Task KillNine_AfterSlackPostedTheThreadsFirstMessage_TheRetryFindsItByItsMetadata()
    {
        var settings = AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        // Slack posted the thread's first message; the engine died before it heard the ts.
        var sessionId = await KillWhileHeldAsync(settings, _slack, r => r.Path == "/api/chat.postMessage" && !r.Text.Contains("\"thread_ts\"", StringComparison.Ordinal), afterHandling: true, engine => DeliverAsync(engine, "d-slack-root"));
        var root = Assert.Single(Roots);

        await using var restarted = await _setup.StartAsync(settings);
        await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(restarted, sessionId, "comment"));

        Assert.Equal(root.Ts, Assert.Single(Roots).Ts);
        Assert.Contains(_slack.Requests, r => r.Path == "/api/conversations.history" && r.Query.Contains("channel=C0ALERTS", StringComparison.Ordinal));
        Assert.Contains(_slack.Messages, m => m.ThreadTs == root.Ts && m.Text.Contains("pr_open", StringComparison.Ordinal));
        Assert.Single(_github.PullRequests);
    }

    [Fact]
    public async Task KillNine_AfterTheTurnBeforeItSettles_TheAgentDoesNotRunAgain_AndThePullRequestIsMadeOnce()
    {
        var settings = AutofixSettings(RecordingAgent, ("Automations:Queue:LeaseDuration", "00:00:06"));
        // The engine dies while asking GitHub for the pull request: the agent's turn is over, the session not yet settled.
        var sessionId = await KillWhileHeldAsync(settings, _github, r => r.Method == "POST" && r.Path == "/repos/acme/web/pulls", afterHandling: false, engine => DeliverAsync(engine, "d-unsettled"));

        await using var restarted = await _setup.StartAsync(settings);
        var session = await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(restarted, sessionId, "comment"));

        Assert.Single(_github.PullRequests);
        var events = (await restarted.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().ToList();
        Assert.Single(events, e => e.GetProperty("type").GetString() == "prompt");
        Assert.Single(events, e => e.GetProperty("type").GetString() == "message_complete");
        Assert.Equal(_github.PullRequests[0].Number, session.GetProperty("pullRequest").GetProperty("number").GetInt32());
    }

    /// <summary>
    /// Starts the engine, makes it start a session, and kills it (-9) while <paramref name="server"/> holds the
    /// request <paramref name="matching"/> picks: before the provider handles it, or after, with the answer
    /// not yet sent. The held request then goes on. The session's id.
    /// </summary>
    private async Task<string> KillWhileHeldAsync(Dictionary<string, string> settings, FakeServer server, Func<RecordedRequest, bool> matching, bool afterHandling, Func<EngineProcess, Task<string>> deliver)
    {
        var (held, release) = server.HoldNext(matching, afterHandling);
        var engine = await _setup.StartAsync(settings);
        var sessionId = await deliver(engine);
        await held.WaitAsync(TimeSpan.FromSeconds(90));
        await engine.KillAsync();
        release();
        await engine.DisposeAsync();
        return sessionId;
    }

    private static bool ActionDone(EngineProcess engine, string sessionId, string key) =>
        engine.GetJsonAsync($"/api/sessions/{sessionId}/events").GetAwaiter().GetResult().EnumerateArray()
            .Any(e => e.GetProperty("type").GetString() == "action" && e.GetProperty("data").GetProperty("key").GetString() == key && e.GetProperty("data").GetProperty("state").GetString() == "done");

    [Fact]
    public async Task FailedCheckRun_StartsAFollowUpTurnWithItsOutputAnnotationsAndLog_ThenTheLimitIsToldInTheThread()
    {
        var settings = AutofixSettings(RecordingAgent);
        await using var engine = await _setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-ci");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        var branch = $"automations/autofix/{sessionId}";
        var checkRun = _github.AddCheckRun(
            "unit tests",
            "failure",
            "##[group]Run npm test\n  ✓ renders\n  ✗ login works on Safari\n##[error]Expected 200, got 500 at login.test.js:42\n##[endgroup]",
            ("src/login.js", 17, "failure", "TypeError: cannot read properties of undefined (reading 'submit')"));

        await PostAsync(engine, "check_run", "d-check-1", CheckRunFailed(checkRun, branch, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && GitRepository.Show(_setup.Remote, branch, "PROMPTS.md").Contains("CI failed", StringComparison.Ordinal));

        var prompt = GitRepository.Show(_setup.Remote, branch, "PROMPTS.md").Split("----")[1];
        Assert.Contains("the check \"unit tests\" concluded failure", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js:17 [failure] TypeError: cannot read properties of undefined (reading 'submit')", prompt, StringComparison.Ordinal);
        Assert.Contains("Expected 200, got 500 at login.test.js:42", prompt, StringComparison.Ordinal);
        Assert.Contains("unit tests failure", prompt, StringComparison.Ordinal);

        // A second CI run fails too: the one retry is spent, so the thread is told and the status stays.
        await PostAsync(engine, "check_run", "d-check-2", CheckRunFailed(checkRun, branch, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
        var root = Assert.Single(Roots);
        await engine.WaitForSessionAsync(sessionId, s => _slack.Messages.Any(m => m.ThreadTs == root.Ts && m.Text.Contains("No follow-up turn", StringComparison.Ordinal)));
        Assert.Equal("ci_failed", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
        // The first turn and the one follow-up: the second failure started none.
        Assert.Equal(2, GitRepository.Show(_setup.Remote, branch, "PROMPTS.md").Split("----", StringSplitOptions.RemoveEmptyEntries).Count(p => p.Trim().Length > 0));
    }

    [Fact]
    public async Task ChangesRequested_WithThreeCommentsOnTwoPages_GivesATurnHoldingAllThree_AndAMergeEndsTheSession()
    {
        var settings = AutofixSettings(RecordingAgent);
        await using var engine = await _setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-review");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        var pr = _github.PullRequests[0];
        _github.MaxPageSize = 2;
        _github.AddReviewComment("acme/web", pr.Number, "maria-dev", "src/login.js", 17, "Guard against a missing form.", reviewId: 77);
        _github.AddReviewComment("acme/web", pr.Number, "maria-dev", "src/login.js", 30, "Name this handler.", reviewId: 77);
        _github.AddReviewComment("acme/web", pr.Number, "maria-dev", "test/login.test.js", 5, "Add a Safari case.", reviewId: 77);
        _github.AddReviewComment("acme/web", pr.Number, "someone", "README.md", 1, "An older review's comment.", reviewId: 12);

        await PostAsync(engine, "pull_request_review", "d-review-1", ReviewPayload(pr, 77));
        var branch = $"automations/autofix/{sessionId}";
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && GitRepository.Show(_setup.Remote, branch, "PROMPTS.md").Contains("requested changes", StringComparison.Ordinal));

        var prompt = GitRepository.Show(_setup.Remote, branch, "PROMPTS.md").Split("----")[1];
        Assert.Contains("src/login.js:17: Guard against a missing form.", prompt, StringComparison.Ordinal);
        Assert.Contains("src/login.js:30: Name this handler.", prompt, StringComparison.Ordinal);
        Assert.Contains("test/login.test.js:5: Add a Safari case.", prompt, StringComparison.Ordinal);
        Assert.Contains("Please handle the empty case.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("An older review's comment.", prompt, StringComparison.Ordinal);
        Assert.True(_github.RequestsTo("GET", $"/repos/acme/web/pulls/{pr.Number}/comments").Count >= 2, "the comments were read across pages");

        await PostAsync(engine, "pull_request", "d-merged", PullRequestPayload("closed", pr, merged: true));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "merged");
        var workspace = Path.Combine(_setup.DataDir, "workspaces", sessionId);
        await Waiting.UntilAsync(() => !Directory.Exists(workspace), TimeSpan.FromSeconds(30), $"the merged session's workspace to go: {string.Join(", ", Directory.Exists(workspace) ? Directory.GetFileSystemEntries(workspace) : [])}\n{engine.Output}\n{await engine.Http.GetStringAsync($"/api/sessions/{sessionId}/events")}");
        var root = Assert.Single(Roots);
        await engine.WaitForSessionAsync(sessionId, _ => _slack.Messages.Any(m => m.ThreadTs == root.Ts && m.Text.Contains("merged", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PullRequestRefused_EndsTheSessionWithGitHubsMessage_InTheApi()
    {
        var settings = AutofixSettings(RecordingAgent);
        _github.FailNext(1, new FakeFailure(422, new Dictionary<string, string>(), """{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"No commits between main and the branch"}]}"""), r => r.Method == "POST" && r.Path.EndsWith("/pulls", StringComparison.Ordinal));
        await using var engine = await _setup.StartAsync(settings);

        var sessionId = await DeliverAsync(engine, "d-refused");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "errored" or "pr_open" or "done");

        Assert.Equal("errored", Status(session));
        Assert.Contains("Validation Failed", session.GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = session.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "pull_request");
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("422", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_github.PullRequests);

        // The thread and the comment still tell what happened.
        await engine.WaitForSessionAsync(sessionId, _ => _github.Comments("acme/web", 1347).Count == 1 && _slack.Messages.Any(m => m.Text.Contains("errored", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ResultWebhook_IsPostedOnce_SignedTheStandardWebhooksWay()
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        var settings = AutofixSettings(RecordingAgent, ("RESULT_HOOK_SECRET", Secret));
        _setup.Definition("autofix.yaml", """
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: Fix it.
            actions:
              - webhook: { url: "RECEIVER/hooks/automations", secret: env:RESULT_HOOK_SECRET }
            """.Replace("RECEIVER/", receiver.Url.ToString(), StringComparison.Ordinal));
        await using var engine = await _setup.StartAsync(settings);

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

    [Fact]
    public async Task LinearIssue_GetsOneCommentBack_WithTheSessionsOutcome()
    {
        await using var linear = await FakeLinear.StartAsync(LinearKey);
        var issueId = linear.AddIssue("ENG-123", "Login broken");
        await using var engine = await _setup.StartAsync(LinearSettings(linear));

        var sessionId = await DeliverLinearAsync(engine, issueId, "lin-comment-1");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(engine, sessionId, "comment"));

        var comment = Assert.Single(linear.Comments(issueId));
        Assert.StartsWith("Worked on it: done.", comment["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_github.PullRequests);
    }

    [Fact]
    public async Task KillNine_AfterLinearMadeTheComment_TheRetryFindsItByItsMarker()
    {
        await using var linear = await FakeLinear.StartAsync(LinearKey);
        var issueId = linear.AddIssue("ENG-124", "Logout broken");
        linear.AddComment(issueId, "Someone else was here first.");
        var settings = LinearSettings(linear, ("Automations:Queue:LeaseDuration", "00:00:06"));

        // Linear made the comment; the engine died before it heard so.
        var sessionId = await KillWhileHeldAsync(settings, linear, r => r.Text.Contains("commentCreate(", StringComparison.Ordinal), afterHandling: true, engine => DeliverLinearAsync(engine, issueId, "lin-kill-1"));

        await using var restarted = await _setup.StartAsync(settings);
        await restarted.WaitForSessionAsync(sessionId, s => Status(s) == "done" && ActionDone(restarted, sessionId, "comment"));

        Assert.Equal(2, linear.Comments(issueId).Count);
        Assert.Single(linear.Requests, r => r.Text.Contains("commentCreate(", StringComparison.Ordinal));
        Assert.Contains(linear.Requests, r => r.Text.Contains("comments(first:", StringComparison.Ordinal));
    }

    private const string LinearKey = "lin_api_e2e";
    private const string LinearSecret = "e2e-linear-secret";

    private Dictionary<string, string> LinearSettings(FakeLinear linear, params (string Key, string Value)[] extra)
    {
        var settings = AutofixSettings(
            RecordingAgent,
            [
                ("Automations:Sources:Linear:WebhookSecret", LinearSecret),
                ("Automations:Linear:ApiUrl", linear.ApiUrl.ToString()),
                ("Automations:Linear:ApiKey", LinearKey),
                .. extra,
            ]);
        _setup.Definition("autofix.yaml", """
            name: linear-fix
            on:
              - linear: { event: Issue.create }
            repository: acme/web
            agent: { use: demo, timeout: 2m }
            instructions: "Fix {{ event.subject.title }}"
            actions:
              - comment: { on: linear, body: "Worked on it: {{ session.status }}." }
            """);
        return settings;
    }

    private static async Task<string> DeliverLinearAsync(EngineProcess engine, string issueId, string deliveryId)
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"action":"create","type":"Issue","createdAt":"2026-01-05T09:00:00.000Z","webhookTimestamp":{{{TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()}}},
             "actor":{"id":"u1","name":"Maria"},"url":"https://linear.app/acme/issue/ENG-123/login",
             "data":{"id":"{{{issueId}}}","identifier":"ENG-123","number":123,"title":"Login broken","team":{"id":"t1","key":"ENG","name":"Engineering"},
               "state":{"name":"Todo"},"labels":[{"name":"bug"}]}}
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/linear") { Content = new ByteArrayContent(body) };
        request.Headers.Add("Linear-Delivery", deliveryId);
        request.Headers.Add("Linear-Event", "Issue");
        request.Headers.Add("Linear-Signature", Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(LinearSecret), body)));
        using var response = await engine.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }
}
