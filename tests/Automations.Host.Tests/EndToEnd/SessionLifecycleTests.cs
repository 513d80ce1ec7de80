using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Live sessions through the real executable: follow-ups, questions, stop and resume, clone, delete, export, the stream.</summary>
public sealed class SessionLifecycleTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];

    private async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await JsonOf(response)).GetProperty("sessions")[0].GetString()!;
    }

    [Fact]
    public async Task FollowUpMessage_AfterDone_RunsSecondTurnInSameWorkspaceAndPushesBoth()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", """
            cat >> NOTES.md
            echo >> NOTES.md
            echo "turn written"
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await DeliverAsync(engine, "d-follow");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");

        using var posted = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Also add a changelog line." });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && EventsAsync(engine, sessionId).Result.Count(e => e.GetProperty("type").GetString() == "prompt") == 2);
        var notes = GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "NOTES.md");
        Assert.Contains("Fix issue #1347", notes, StringComparison.Ordinal);
        Assert.Contains("Also add a changelog line.", notes, StringComparison.Ordinal);
        var statuses = (await EventsAsync(engine, sessionId)).Where(e => e.GetProperty("type").GetString() == "status").Select(e => e.GetProperty("data").GetProperty("status").GetString()).ToList();
        Assert.Equal(["queued", "spawning", "working", "done", "queued", "spawning", "working", "done"], statuses);
    }

    [Fact]
    public async Task Question_MovesToNeedsInput_AndTheAnswerResumesTheSession()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", """
            if [ ! -f "$HOME/asked" ]; then
              touch "$HOME/asked"
              echo "Which browser should I test first?" > "$AUTOMATIONS_QUESTION_FILE"
              exit 0
            fi
            cat > ANSWER.md
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await DeliverAsync(engine, "d-question");

        var waiting = await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input");
        Assert.Equal("Which browser should I test first?", waiting.GetProperty("question").GetString());
        Assert.Equal("waiting_input", waiting.GetProperty("activity").GetString());

        using var answer = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Safari first." });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        var done = await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("question").ValueKind);
        Assert.Equal("Safari first.", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "ANSWER.md"));
    }

    [Fact]
    public async Task Stop_KillsAgentAndChildrenWithinFiveSeconds_AndResumeRestoresIt()
    {
        _setup.AutofixDefinition();
        var agent = _setup.StoppableAgent();
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await DeliverAsync(engine, "d-stop");
        await engine.WaitForAgentLineAsync(sessionId, EngineSetup.StoppableAgentWorking);
        Assert.True(Scripts.AnyProcessWithEnvironment($"AUTOMATIONS_SESSION_ID={sessionId}"), "the working agent has no process");

        var clock = Stopwatch.StartNew();
        using var stop = await engine.Http.PostAsync($"/api/sessions/{sessionId}/stop", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        while (Scripts.AnyProcessWithEnvironment($"AUTOMATIONS_SESSION_ID={sessionId}") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.False(Scripts.AnyProcessWithEnvironment($"AUTOMATIONS_SESSION_ID={sessionId}"), "a process of the stopped session is still alive after 5 s");
        Assert.Equal("killed", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
        using var again = await engine.Http.PostAsync($"/api/sessions/{sessionId}/stop", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var resume = await engine.Http.PostAsync($"/api/sessions/{sessionId}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");
        Assert.Equal("resumed", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "RESUMED.md"));
    }

    [Fact]
    public async Task ManualSession_CloneExportDelete_FollowTheContract()
    {
        var agent = _setup.Agent("agent", """
            cat > HAND.md
            echo "did it by hand"
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));

        using var bad = await engine.Http.PostAsJsonAsync("/api/sessions", new { repository = "acme/web", prompt = "x", agent = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("demo", (await JsonOf(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var created = await engine.Http.PostAsJsonAsync("/api/sessions", new { repository = "acme/web", prompt = "Write the hand-made note.", agent = "demo" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonOf(created)).GetProperty("id").GetString()!;
        var session = await engine.WaitForSessionAsync(id, s => Status(s) == "done");
        Assert.Equal("manual", session.GetProperty("automation").GetString());
        Assert.Equal("Write the hand-made note.", GitRepository.Show(_setup.Remote, $"automations/manual/{id}", "HAND.md"));

        using var cloned = await engine.Http.PostAsync($"/api/sessions/{id}/clone", null);
        Assert.Equal(HttpStatusCode.Created, cloned.StatusCode);
        var cloneId = (await JsonOf(cloned)).GetProperty("id").GetString()!;
        Assert.NotEqual(id, cloneId);
        await engine.WaitForSessionAsync(cloneId, s => Status(s) == "done");
        Assert.Equal("Write the hand-made note.", GitRepository.Show(_setup.Remote, $"automations/manual/{cloneId}", "HAND.md"));

        var markdown = await engine.Http.GetStringAsync($"/api/sessions/{id}/export?format=markdown");
        Assert.Contains($"# Session {id}", markdown, StringComparison.Ordinal);
        Assert.Contains("> Write the hand-made note.", markdown, StringComparison.Ordinal);
        Assert.Contains("did it by hand", markdown, StringComparison.Ordinal);
        Assert.Contains("Status: done", markdown, StringComparison.Ordinal);

        Assert.True(Directory.Exists(Path.Combine(_setup.DataDir, "workspaces", id)));
        using var deleted = await engine.Http.DeleteAsync($"/api/sessions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await engine.Http.GetAsync($"/api/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_setup.DataDir, "workspaces", id)));
        Assert.Equal("done", Status(await engine.GetJsonAsync($"/api/sessions/{cloneId}")));
    }

    [Fact]
    public async Task Stream_ReplaysPastEvents_ThenSendsLiveTokens_AndTakesAPrompt()
    {
        _setup.AutofixDefinition();
        var gate = _setup.Shared("go");
        var agent = _setup.Agent("agent", $$"""
            echo "before the gate"
            while [ ! -f "{{gate}}" ]; do sleep 0.05; done
            for i in 1 2 3 4 5; do echo "live $i"; sleep 0.1; done
            cat > LAST.md
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent));
        var sessionId = await DeliverAsync(engine, "d-stream");
        await engine.WaitForSessionAsync(sessionId, s => EventsAsync(engine, sessionId).Result.Any(e => e.GetProperty("type").GetString() == "token"));

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {EngineProcess.ApiKey}");
        await socket.ConnectAsync(new Uri($"ws://{engine.BaseAddress.Authority}/api/sessions/{sessionId}/stream"), CancellationToken.None);

        var received = new List<JsonElement>();
        async Task<JsonElement> NextAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            WebSocketReceiveResult result;
            do
            {
                try
                {
                    result = await socket.ReceiveAsync(buffer, timeout.Token);
                }
                catch (WebSocketException ex)
                {
                    throw new InvalidOperationException($"The stream broke: {ex.Message}\nEngine output:\n{engine.Output}", ex);
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
        }

        // The replay: everything so far, from the first event, up to the token printed before the gate.
        while (!received.Any(e => e.GetProperty("type").GetString() == "token"))
        {
            received.Add(await NextAsync());
        }

        Assert.Equal(1, received[0].GetProperty("seq").GetInt64());
        File.WriteAllText(gate, "open");

        // Then live: the tokens printed after the gate, while the session still works.
        while (!received.Any(e => e.GetProperty("type").GetString() == "status" && e.GetProperty("data").GetProperty("status").GetString() == "done"))
        {
            received.Add(await NextAsync());
        }

        var seqs = received.Where(e => e.TryGetProperty("seq", out _)).Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var live = received.Where(e => e.GetProperty("type").GetString() == "token").Select(e => e.GetProperty("data").GetProperty("text").GetString()).ToList();
        Assert.Equal(["before the gate", "live 1", "live 2", "live 3", "live 4", "live 5"], live);

        // A prompt from the client is a follow-up turn.
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"prompt","text":"Write the last note."}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        JsonElement reply;
        do
        {
            reply = await NextAsync();
        }
        while (reply.TryGetProperty("seq", out _));

        Assert.Equal("accepted", reply.GetProperty("type").GetString());
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && EventsAsync(engine, sessionId).Result.Count(e => e.GetProperty("type").GetString() == "prompt") == 2);
        Assert.Equal("Write the last note.", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "LAST.md"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Secrets_ConfiguredForTheEngine_NeverReachTheAgent_ButItsOwnEnvDoes()
    {
        _setup.AutofixDefinition();
        var agent = _setup.Agent("agent", "env | sort");
        var settings = _setup.Settings(agent, ("Automations:Agents:demo:Env:AGENT_API_KEY", "agent-own-key"), ("Automations:Slack:BotToken", "xoxb-engine-only"));

        await using var engine = await _setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-env");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");

        var lines = (await EventsAsync(engine, sessionId)).Where(e => e.GetProperty("type").GetString() == "token").Select(e => e.GetProperty("data").GetProperty("text").GetString()!).ToList();
        Assert.Contains("AGENT_API_KEY=agent-own-key", lines);
        Assert.Contains(lines, l => l.StartsWith("HOME=", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(EngineSetup.Secret, StringComparison.Ordinal) || l.Contains("xoxb-engine-only", StringComparison.Ordinal) || l.Contains(EngineProcess.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Automations__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_EndedSessionsWorkspace_IsRemovedAfterThePeriod_LiveOnesStay()
    {
        _setup.AutofixDefinition();
        var gate = _setup.Shared("release");
        var agent = _setup.Agent("agent", $$"""
            if [ "$(head -c 4)" = "Hold" ]; then
              while [ ! -f "{{gate}}" ]; do sleep 0.05; done
            fi
            echo done > DONE.md
            """);
        var settings = _setup.Settings(agent, ("Automations:Queue:LeaseDuration", "00:00:03"), ("Automations:Worker:WorkspaceRetention", "00:00:01"));
        await using var engine = await _setup.StartAsync(settings);

        var ended = await DeliverAsync(engine, "d-retention");
        await engine.WaitForSessionAsync(ended, s => Status(s) == "done");
        using var created = await engine.Http.PostAsJsonAsync("/api/sessions", new { repository = "acme/web", prompt = "Hold on.", agent = "demo" });
        var live = (await JsonOf(created)).GetProperty("id").GetString()!;
        await engine.WaitForSessionAsync(live, s => Status(s) == "working");

        var workspaces = Path.Combine(_setup.DataDir, "workspaces");
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(Path.Combine(workspaces, ended)) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(Path.Combine(workspaces, ended)), "the ended session's workspace outlived its retention");
        Assert.True(Directory.Exists(Path.Combine(workspaces, live)), "a live session's workspace was removed");
        File.WriteAllText(gate, "go");
        await engine.WaitForSessionAsync(live, s => Status(s) == "done");
        Assert.Equal("done", GitRepository.Show(_setup.Remote, $"automations/manual/{live}", "DONE.md"));
    }
}
