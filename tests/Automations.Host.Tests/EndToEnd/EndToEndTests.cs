using System.Net;
using System.Text;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>The whole path on one machine: a signed delivery in, a pushed branch out, through the real executable.</summary>
public sealed class EndToEndTests : IDisposable
{
    private const string WriteFix = """
        cat "$AUTOMATIONS_PROMPT_FILE" > FIX.md
        echo "agent saw: $(sed -n 3p FIX.md)"
        """;

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    [Fact]
    public async Task SignedDelivery_MatchingAutomation_PushesBranchWithAgentsChange()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix)));
        var body = EngineSetup.Payload("issues-labeled.json");

        using var response = await engine.PostGitHubAsync("issues", "delivery-1", body, EngineSetup.Sign(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await JsonOf(response);
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        Assert.Equal("autofix", answer.GetProperty("matched")[0].GetString());
        var sessionId = answer.GetProperty("sessions")[0].GetString()!;

        var session = await engine.WaitForSessionAsync(sessionId, s => SessionStatusIsFinal(s));
        Assert.Equal("done", Status(session));
        var branch = $"automations/autofix/{sessionId}";
        Assert.Equal(branch, session.GetProperty("branch").GetString());
        Assert.Equal("acme/web", session.GetProperty("repository").GetString());
        Assert.Equal("github.issues.labeled", session.GetProperty("trigger").GetProperty("kind").GetString());

        // The remote holds the branch; the agent's file is the rendered instructions, HTML left as is, and
        // the issue's title, which the automation's author did not write, fenced as untrusted data.
        Assert.Contains(branch, GitRepository.Branches(_setup.Remote));
        var fix = GitRepository.Show(_setup.Remote, branch, "FIX.md").Split('\n');
        Assert.Equal(Automations.Core.Templates.UntrustedData.Notice, fix[0]);
        Assert.Equal("Fix issue #1347: <untrusted-data source=\"github\" author=\"maria-dev\" field=\"event.subject.title\">Login button does nothing on <Safari> & Firefox</untrusted-data>", fix[2]);

        // Each step is an appended event, in order: queued (until a worker takes the job), spawning, working, done.
        var events = await engine.GetJsonAsync($"/api/sessions/{sessionId}/events");
        var statuses = events.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "status")
            .Select(e => e.GetProperty("data").GetProperty("status").GetString())
            .ToList();
        Assert.Equal(["queued", "spawning", "working", "done"], statuses);
        var types = events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("prompt", types);
        Assert.Contains("branch", types);
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "token"
            && e.GetProperty("data").GetProperty("text").GetString() == "agent saw: " + fix[2]);
    }

    [Fact]
    public async Task Redelivery_SameDeliveryId_AnswersDuplicateWithFirstSessions()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix), ("Automations:Worker:Enabled", "false")));
        var body = EngineSetup.Payload("issues-labeled.json");

        using var first = await engine.PostGitHubAsync("issues", "delivery-dup", body, EngineSetup.Sign(body));
        using var second = await engine.PostGitHubAsync("issues", "delivery-dup", body, EngineSetup.Sign(body));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await JsonOf(first);
        var b = await JsonOf(second);
        Assert.True(b.GetProperty("duplicate").GetBoolean());
        Assert.Equal(a.GetProperty("sessions")[0].GetString(), b.GetProperty("sessions")[0].GetString());
        Assert.Equal(1, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task BadInput_SignatureSizeAndJson_AreRefusedClearly()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix), ("Automations:Worker:Enabled", "false")));
        var body = EngineSetup.Payload("issues-labeled.json");

        using var forged = await engine.PostGitHubAsync("issues", "d-forged", body, EngineSetup.Sign(body, "not-the-secret"));
        using var unsigned = await engine.PostGitHubAsync("issues", "d-unsigned", body, signature: null);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("autofix", "autofiz", StringComparison.Ordinal));
        using var altered = await engine.PostGitHubAsync("issues", "d-tampered", tampered, EngineSetup.Sign(body));

        foreach (var refused in new[] { forged, unsigned, altered })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("signature", (await JsonOf(unsigned)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Refused at the door: recorded as refused, with why, and nothing else.
        Assert.Equal(
            ["the delivery has no signature header", "the signature does not match the body", "the signature does not match the body"],
            (await engine.GetJsonAsync("/api/deliveries")).EnumerateArray().Select(d => $"{d.GetProperty("outcome").GetString()}: {d.GetProperty("error").GetString()}").Order(StringComparer.Ordinal).Select(s => s["refused: ".Length..]));

        var huge = new byte[(25 * 1024 * 1024) + 1];
        using var oversized = await engine.PostGitHubAsync("issues", "d-huge", huge, EngineSetup.Sign(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);

        var broken = Encoding.UTF8.GetBytes("{\"action\": \"labeled\", \"issue\": {");
        using var malformed = await engine.PostGitHubAsync("issues", "d-broken", broken, EngineSetup.Sign(broken));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("d-broken", (await JsonOf(malformed)).GetProperty("deliveryId").GetString());

        var deliveries = await engine.GetJsonAsync("/api/deliveries?outcome=rejected");
        var kept = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal("rejected", kept.GetProperty("outcome").GetString());
        Assert.Equal("the body is over 26214400 bytes", (await engine.GetJsonAsync("/api/deliveries?outcome=refused&limit=1"))[0].GetProperty("error").GetString());
        Assert.Equal(5, (await engine.GetJsonAsync("/api/deliveries")).GetArrayLength());
        Assert.Equal(broken.Length, kept.GetProperty("bodyBytes").GetInt32());
        Assert.Equal(0, (await engine.GetJsonAsync("/api/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task OversizedChunkedBody_WithoutContentLength_Is413AndRecordedAsRefused()
    {
        _setup.AutofixDefinition();
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix), ("Automations:Worker:Enabled", "false"), ("Automations:Ingest:MaxBodyBytes", "65536")));
        var body = new byte[65537];
        Array.Fill(body, (byte)' ');

        // No length up front: the body arrives chunked, and the cap is enforced while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new StreamContent(new ChunkedOnly(body)) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", "d-chunked");
        request.Headers.Add("X-Hub-Signature-256", EngineSetup.Sign(body));
        using var response = await engine.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var refused = Assert.Single((await engine.GetJsonAsync("/api/deliveries")).EnumerateArray());
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.Equal("the body is over 65536 bytes", refused.GetProperty("error").GetString());
        Assert.Equal(0, refused.GetProperty("bodyBytes").GetInt32());
    }

    [Fact]
    public async Task KillNine_WhileAgentRuns_SessionGoesStuckThenIsTakenAgainAndCompletes()
    {
        var marker = _setup.Shared("first-run-started");
        var agent = FirstRunHangs(marker, "second");
        _setup.AutofixDefinition();
        var settings = _setup.Settings(agent, ("Automations:Queue:LeaseDuration", "00:00:03"));
        var body = EngineSetup.Payload("issues-labeled.json");
        string sessionId;

        await using (var first = await _setup.StartAsync(settings))
        {
            using var response = await first.PostGitHubAsync("issues", "delivery-crash", body, EngineSetup.Sign(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sessionId = (await JsonOf(response)).GetProperty("sessions")[0].GetString()!;
            await first.WaitForSessionAsync(sessionId, _ => File.Exists(marker));
            await Waiting.UntilAsync(() => Scripts.AnyProcessWith(HangingAgent(marker)), TimeSpan.FromSeconds(30), "the first run's agent to hang");
            await first.KillAsync();
        }

        await using var second = await _setup.StartAsync(settings);
        var session = await second.WaitForSessionAsync(sessionId, SessionStatusIsFinal);

        Assert.Equal("done", Status(session));
        Assert.Equal("second", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md"));
        var attempts = (await second.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "attempt")
            .Select(e => e.GetProperty("data").GetProperty("attempt").GetInt32());
        Assert.Equal([1, 2], attempts);
        Assert.False(Scripts.AnyProcessWith(HangingAgent(marker)), "the first run's agent outlived the restart");

        // The dead worker's session went stuck, then was taken up again.
        var statuses = (await second.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "status")
            .Select(e => e.GetProperty("data").GetProperty("status").GetString())
            .ToList();

        // The janitor (a stale heartbeat) and the job that came back may both see it stuck: once or twice in a row.
        Assert.Equal(["queued", "spawning", "working", "stuck", "working", "done"], statuses.Where((s, i) => i == 0 || s != statuses[i - 1]));
    }

    [Fact]
    public async Task AgentPastTimeout_DiesWithChildren_SessionErroredWithReason()
    {
        var marker = $"e2e-timeout-{Guid.NewGuid():N}";
        var agent = _setup.Agent("agent", $"""
            sh -c 'sleep 600; echo {marker}' &
            (sleep 601 && echo {marker}) &
            sleep 602
            """);
        _setup.AutofixDefinition(timeout: "2s");
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var body = EngineSetup.Payload("issues-labeled.json");

        using var response = await engine.PostGitHubAsync("issues", "delivery-timeout", body, EngineSetup.Sign(body));
        var sessionId = (await JsonOf(response)).GetProperty("sessions")[0].GetString()!;
        var session = await engine.WaitForSessionAsync(sessionId, SessionStatusIsFinal);

        Assert.Equal("errored", Status(session));
        Assert.Equal("agent timed out after 2s; its process tree was killed", session.GetProperty("error").GetString());
        Assert.False(Scripts.AnyProcessWith(marker), "a child of the timed-out agent is still running");
        Assert.DoesNotContain($"automations/autofix/{sessionId}", GitRepository.Branches(_setup.Remote));
    }

    [Fact]
    public async Task GracefulStop_RunningSession_JobGoesBackToQueueAndFinishesAfterRestart()
    {
        var marker = _setup.Shared("first-run-started");
        var agent = FirstRunHangs(marker, "after-restart");
        _setup.AutofixDefinition();
        // A grace longer than the 2 seconds a command line gives a process to end on its own after SIGTERM.
        var settings = _setup.Settings(agent, ("Automations:Worker:ShutdownGrace", "00:00:03"));
        var body = EngineSetup.Payload("issues-labeled.json");
        string sessionId;

        await using (var first = await _setup.StartAsync(settings))
        {
            using var response = await first.PostGitHubAsync("issues", "delivery-stop", body, EngineSetup.Sign(body));
            sessionId = (await JsonOf(response)).GetProperty("sessions")[0].GetString()!;
            await first.WaitForSessionAsync(sessionId, _ => File.Exists(marker));
            await Waiting.UntilAsync(() => Scripts.AnyProcessWith(HangingAgent(marker)), TimeSpan.FromSeconds(30), "the first run's agent to hang");
            Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(Scripts.AnyProcessWith(HangingAgent(marker)), "the agent outlived the engine's stop");
        await using var second = await _setup.StartAsync(settings);
        var session = await second.WaitForSessionAsync(sessionId, SessionStatusIsFinal);

        Assert.Equal("done", Status(session));
        var events = (await second.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("requeued", events);
        var attempts = (await second.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "attempt")
            .Select(e => e.GetProperty("data").GetProperty("attempt").GetInt32());
        Assert.Equal([1, 1], attempts);
    }

    [Fact]
    public async Task CloneFails_RetriedWithBackoff_ThenDeadAndSessionErroredWithGitsMessage()
    {
        _setup.Definition("missing-repo.yaml", """
            name: missing-repo
            on:
              - github: { event: issues.labeled }
            repository: acme/does-not-exist
            agent: { use: demo }
            instructions: x
            """);
        var settings = _setup.Settings(
            _setup.Agent("agent", WriteFix),
            ("Automations:Queue:MaxAttempts", "2"),
            ("Automations:Queue:RetryBaseDelay", "00:00:00.200"));
        await using var engine = await _setup.StartAsync(settings);
        var body = EngineSetup.Payload("issues-labeled.json");

        using var response = await engine.PostGitHubAsync("issues", "delivery-retry", body, EngineSetup.Sign(body));
        var sessionId = (await JsonOf(response)).GetProperty("sessions")[0].GetString()!;
        var session = await engine.WaitForSessionAsync(sessionId, SessionStatusIsFinal);

        Assert.Equal("errored", Status(session));
        var error = session.GetProperty("error").GetString()!;
        Assert.StartsWith("gave up after 2 attempt(s): git clone failed", error, StringComparison.Ordinal);
        Assert.Contains("does-not-exist", error, StringComparison.Ordinal);
        var events = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(1, events.Count(t => t == "attempt_failed"));
        Assert.Equal(2, events.Count(t => t == "attempt"));
        Assert.Equal(1, (await engine.GetJsonAsync("/healthz")).GetProperty("queue").GetProperty("dead").GetInt32());
    }

    [Fact]
    public async Task BrokenYaml_OtherAutomationsStillMatch_AndErrorHasPosition()
    {
        _setup.AutofixDefinition();
        _setup.Definition("broken.yaml", "name: broken\non:\n  - github: { event: issues.labeled\nrepository: acme/web\n");
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix), ("Automations:Worker:Enabled", "false")));

        var automations = await engine.GetJsonAsync("/api/automations");
        Assert.Equal(["autofix"], automations.GetProperty("automations").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var error = Assert.Single(automations.GetProperty("errors").EnumerateArray());
        Assert.EndsWith("broken.yaml", error.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"broken\.yaml:\d+:\d+: .+", error.GetProperty("text").GetString());

        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", "delivery-broken", body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["autofix"], (await JsonOf(response)).GetProperty("matched").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task DefinitionsFolder_ChangedWhileRunning_AppliesWithoutRestart()
    {
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", WriteFix), ("Automations:Worker:Enabled", "false")));
        Assert.Equal(0, (await engine.GetJsonAsync("/api/automations")).GetProperty("automations").GetArrayLength());

        _setup.AutofixDefinition("added-later");

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var names = new List<string?>();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20) && names.Count == 0)
        {
            await Task.Delay(100);
            names = [.. (await engine.GetJsonAsync("/api/automations")).GetProperty("automations").EnumerateArray().Select(a => a.GetProperty("name").GetString())];
        }

        Assert.Equal(["added-later"], names);
    }

    /// <summary>
    /// An agent whose first run leaves <paramref name="marker"/> and hangs in a process whose command line
    /// holds the marker's name (<see cref="HangingAgent"/>); a later run writes FIX.md.
    /// </summary>
    private string FirstRunHangs(string marker, string fix) => _setup.Agent("agent", $$"""
        if [ ! -f "{{marker}}" ]; then
          touch "{{marker}}"
          sh -c 'sleep 600' "{{HangingAgent(marker)}}"
        fi
        echo {{fix}} > FIX.md
        """);

    /// <summary>What the first run's hanging process has in its command line.</summary>
    private static string HangingAgent(string marker) => $"hanging-{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(marker)))}";

    private static bool SessionStatusIsFinal(JsonElement session) => Status(session) is "done" or "errored";

    /// <summary>A stream that hides its length, so HttpClient cannot send a Content-Length.</summary>
    private sealed class ChunkedOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
