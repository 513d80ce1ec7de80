using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// What an agent cannot do to the engine, run by the real engine: outlive its timeout or a stop through a
/// child that escapes its group, hold a worker with a prompt it never reads, grow the engine with an
/// endless line of output, or take longer than <c>setup_timeout</c> over its setup commands together.
/// </summary>
public sealed class AgentLimitsTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private void Definition(string timeout, string instructions = "Fix issue #{{ event.subject.number }}.", string more = "") => _setup.Definition("limits.yaml", $$$"""
        name: limits
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        agent: { use: demo, timeout: {{{timeout}}} }
        instructions: "{{{instructions}}}"
        {{{more}}}
        """);

    private static async Task<string> DeliverAsync(EngineProcess engine, string deliveryId, string? issueBody = null)
    {
        var payload = JsonNode.Parse(EngineSetup.Payload("issues-labeled.json"))!;
        if (issueBody is not null)
        {
            payload["issue"]!["body"] = issueBody;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    private static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];

    [Fact]
    public async Task SetsidChildIgnoringTerm_IsGoneAfterTheTimeout_AndAfterAStop()
    {
        var marker = $"escapee-{Guid.NewGuid():N}";
        Definition("3s");
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", $"""
            setsid sh -c 'trap "" TERM HUP; while :; do sleep 1; done # {marker} '"$AUTOMATIONS_SESSION_ID" >/dev/null 2>&1 </dev/null &
            sleep 600
            """)));

        var timedOut = await DeliverAsync(engine, "d-timeout");
        await Waiting.UntilAsync(() => Scripts.AnyProcessWith($"{marker} {timedOut}"), TimeSpan.FromSeconds(60), "the first session's escaped child to start");
        var ended = await engine.WaitForSessionAsync(timedOut, s => Status(s) is "errored" or "done");
        Assert.Contains("timed out after 3s", ended.GetProperty("error").GetString(), StringComparison.Ordinal);
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith($"{marker} {timedOut}"), TimeSpan.FromSeconds(5), "the timed-out session's escaped child to be gone");

        // A session by hand has no timeout to speak of: a person stops it.
        using var created = await engine.Http.PostAsJsonAsync("/api/sessions", new { repository = "acme/web", prompt = "Run.", agent = "demo" });
        var stopped = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Waiting.UntilAsync(() => Scripts.AnyProcessWith($"{marker} {stopped}"), TimeSpan.FromSeconds(60), "the second session's escaped child to start");
        using (var stop = await engine.Http.PostAsync($"/api/sessions/{stopped}/stop", null))
        {
            Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        }

        Assert.Equal("killed", Status(await engine.GetJsonAsync($"/api/sessions/{stopped}")));
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith($"{marker} {stopped}"), TimeSpan.FromSeconds(5), "the stopped session's escaped child to be gone");
    }

    [Fact]
    public async Task PromptOf200KB_ToAnAgentThatNeverReadsIt_TimesOutOnTime_FreesItsWorker_LeavesNoProcess()
    {
        var marker = $"never-reads-{Guid.NewGuid():N}";
        Definition("3s", "{{ event.payload.issue.body }}");
        var agent = _setup.Agent("agent", $$"""
            if grep -q quick "$AUTOMATIONS_PROMPT_FILE"; then echo quick > QUICK.md; exit 0; fi
            sleep 600 # {{marker}}
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(agent, ("Automations:Worker:Concurrency", "1")));

        var blocked = await DeliverAsync(engine, "d-big", new string('x', 200 * 1024));
        var quick = await DeliverAsync(engine, "d-quick", "quick");
        var ended = await engine.WaitForSessionAsync(blocked, s => Status(s) is "errored" or "done", TimeSpan.FromSeconds(60));

        Assert.Contains("timed out after 3s", ended.GetProperty("error").GetString(), StringComparison.Ordinal);
        var prompt = (await EventsAsync(engine, blocked)).First(e => e.GetProperty("type").GetString() == "prompt");
        Assert.True(prompt.GetProperty("data").GetProperty("text").GetString()!.Length > 200 * 1024);
        var complete = (await EventsAsync(engine, blocked)).Last(e => e.GetProperty("type").GetString() == "message_complete");
        Assert.InRange(complete.GetProperty("data").GetProperty("durationMs").GetInt64(), 2_900, 10_000);

        // The one worker is free again: the next session runs and finishes, and nothing of the first is left.
        var next = await engine.WaitForSessionAsync(quick, s => Status(s) is "errored" or "done", TimeSpan.FromSeconds(60));
        Assert.True(Status(next) == "done", next.ToString());
        Assert.False(Scripts.AnyProcessWith(marker), "the agent that never read its prompt outlived its timeout");
    }

    [Fact]
    public async Task OutputLineOf30MB_IsStoredTruncated_AndTheEngineStaysWithinItsBound()
    {
        Definition("2m");
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", """
            head -c 31457280 /dev/zero | tr '\0' 'a'
            echo
            echo after-the-long-line
            """)));
        var before = PeakRssMiB(engine.Id);

        var sessionId = await DeliverAsync(engine, "d-long-line");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "errored" or "done");

        Assert.True(Status(session) == "done", session.ToString());
        var events = await EventsAsync(engine, sessionId);
        var truncated = Assert.Single(events, e => e.GetProperty("type").GetString() == "truncated");
        Assert.Equal(31_457_280 - (1024 * 1024), truncated.GetProperty("data").GetProperty("droppedBytes").GetInt64());
        var tokens = events.Where(e => e.GetProperty("type").GetString() == "token").Select(e => e.GetProperty("data").GetProperty("text").GetString() ?? string.Empty).ToList();
        Assert.Equal(1024 * 1024, tokens.Max(t => t.Length));
        Assert.Contains("after-the-long-line", tokens);

        // The bound (BENCHMARKS.md, sandbox): the engine's peak grows by less than 96 MiB for a 30 MB line (it grew by ~690 MB before lines were capped).
        var after = PeakRssMiB(engine.Id);
        Assert.True(after - before < 96, $"peak RSS went from {before} MiB to {after} MiB");
    }

    [Fact]
    public async Task SetupCommandsThatEachFitButNotTogether_ErrorTheSession_NamingTheCommandAndTheTimeout()
    {
        var ran = _setup.Shared("agent-ran");
        Definition("2m", more: """
            setup: ["sleep 1; echo one", "sleep 1; echo two", "sleep 1; echo three"]
            setup_timeout: 2s
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(_setup.Agent("agent", $"touch {ran}")));

        var session = await engine.WaitForSessionAsync(await DeliverAsync(engine, "d-setup"), s => Status(s) is "errored" or "done");

        Assert.True(Status(session) == "errored", session.ToString());
        Assert.Matches(@"^setup command 'sleep 1; echo (two|three)' timed out after 2s, the time all the setup commands may take together \(setup_timeout\)$", session.GetProperty("error").GetString());
        Assert.False(File.Exists(ran), "the agent ran after its setup timed out");
    }

    /// <summary>The process's peak resident memory so far (<c>VmHWM</c>), in MiB.</summary>
    private static long PeakRssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
