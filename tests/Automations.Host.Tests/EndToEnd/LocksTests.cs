using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Branch locks, concurrency keys and concurrency slots, across real worker slots of the real executable.</summary>
public sealed class LocksTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private string Log => _setup.Shared("runs.log");

    private string Gate => _setup.Shared("gate");

    /// <summary>An agent that logs when it starts and ends (nanoseconds), and waits for the gate to open in between.</summary>
    private string RecordingAgent() => _setup.Agent("agent", $$"""
        echo "start $AUTOMATIONS_SESSION_ID $(date +%s%N)" >> "{{Log}}"
        while [ ! -f "{{Gate}}" ]; do sleep 0.05; done
        echo "$AUTOMATIONS_SESSION_ID" >> RUNS.md
        echo "end $AUTOMATIONS_SESSION_ID $(date +%s%N)" >> "{{Log}}"
        """);

    private void Definition(string extra) => _setup.Definition("locked.yaml", $$$"""
        name: locked
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        agent: { use: demo, timeout: 2m }
        instructions: Fix issue #{{ event.subject.number }}.
        {{{extra}}}
        """);

    private async Task<EngineProcess> StartAsync() =>
        await _setup.StartAsync(_setup.Settings(RecordingAgent(), ("Automations:Worker:Concurrency", "3"), ("Automations:Worker:LockRetryDelay", "00:00:00.200")));

    private static async Task<string> DeliverAsync(EngineProcess engine, string deliveryId, string label = "autofix")
    {
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(EngineSetup.Payload("issues-labeled.json")).Replace("\"autofix\"", $"\"{label}\"", StringComparison.Ordinal));
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    /// <summary>The runs in the log as (session, start, end), in start order.</summary>
    private List<(string Session, long Start, long End)> Runs()
    {
        var lines = File.ReadAllLines(Log).Select(l => l.Split(' ')).ToList();
        return [.. lines.Where(l => l[0] == "start")
            .Select(l => (l[1], long.Parse(l[2], CultureInfo.InvariantCulture), long.Parse(lines.Single(e => e[0] == "end" && e[1] == l[1])[2], CultureInfo.InvariantCulture)))
            .OrderBy(r => r.Item2)];
    }

    private static async Task<List<string>> EventTypesAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    /// <summary>The sessions whose agent has started, in order.</summary>
    private List<string> Started() => File.Exists(Log) ? [.. File.ReadAllLines(Log).Select(l => l.Split(' ')).Where(l => l[0] == "start").Select(l => l[1])] : [];

    /// <summary>
    /// Waits, with the gate shut, until <paramref name="running"/> agents run and every other session is held
    /// back (it has a <c>waiting</c> event), or until more than that run, which the test then sees as an
    /// overlap; then opens the gate.
    /// </summary>
    private async Task OpenGateOnceHeldAsync(EngineProcess engine, IReadOnlyList<string> sessions, int running)
    {
        await Waiting.UntilAsync(
            async () =>
            {
                var started = Started();
                if (started.Count != running)
                {
                    return started.Count > running;
                }

                foreach (var id in sessions.Except(started))
                {
                    if (!(await EventTypesAsync(engine, id)).Contains("waiting"))
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(90),
            $"{running} agent(s) to run and the other sessions to wait");
        File.WriteAllText(Gate, "open");
    }

    [Fact]
    public async Task BranchLock_TwoJobsForOneBranch_NeverRunAtOnce_AndTheSecondContinuesTheFirst()
    {
        Definition("branch: \"fix/issue-{{ event.subject.number }}\"");
        await using var engine = await StartAsync();

        var first = await DeliverAsync(engine, "d-branch-1");
        var second = await DeliverAsync(engine, "d-branch-2");
        await OpenGateOnceHeldAsync(engine, [first, second], running: 1);
        await engine.WaitForSessionAsync(first, s => Status(s) == "done");
        await engine.WaitForSessionAsync(second, s => Status(s) == "done");

        var runs = Runs();
        Assert.Equal(2, runs.Count);
        Assert.True(runs[0].End <= runs[1].Start, $"the runs overlapped: {string.Join("; ", runs)}");
        var waited = runs[1].Session;
        var events = (await engine.GetJsonAsync($"/api/sessions/{waited}/events")).EnumerateArray().ToList();
        var waiting = events.First(e => e.GetProperty("type").GetString() == "waiting");
        Assert.Contains("branch 'fix/issue-1347'", waiting.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{runs[0].Session}\n{runs[1].Session}", GitRepository.Show(_setup.Remote, "fix/issue-1347", "RUNS.md"));
    }

    [Fact]
    public async Task ConcurrencyKey_SecondEventWhileLive_IsSkippedWithTheReason()
    {
        Definition("concurrency: { key: \"issue-{{ event.subject.number }}\" }");
        await using var engine = await StartAsync();
        var first = await DeliverAsync(engine, "d-key-1");
        await engine.WaitForSessionAsync(first, s => Status(s) == "working");

        var second = await DeliverAsync(engine, "d-key-2");
        var skipped = await engine.WaitForSessionAsync(second, s => Status(s) == "terminated");

        Assert.Equal($"skipped: concurrency key 'issue-1347' is held by live session {first}", skipped.GetProperty("error").GetString());
        Assert.DoesNotContain("prompt", await EventTypesAsync(engine, second));
        File.WriteAllText(Gate, "open");
        await engine.WaitForSessionAsync(first, s => Status(s) == "done");
        Assert.Single(Runs());

        // Once the holder has ended, the key is free again.
        var third = await DeliverAsync(engine, "d-key-3");
        await engine.WaitForSessionAsync(third, s => Status(s) == "done");
    }

    [Fact]
    public async Task ConcurrencyKeyQueue_SecondEventWaits_ThenRunsAfterTheFirst()
    {
        Definition("concurrency: { key: \"issue-{{ event.subject.number }}\", on_conflict: queue }");
        await using var engine = await StartAsync();
        var first = await DeliverAsync(engine, "d-queue-1");
        await engine.WaitForSessionAsync(first, s => Status(s) == "working");
        var second = await DeliverAsync(engine, "d-queue-2");
        await engine.WaitForSessionAsync(second, _ => EventTypesAsync(engine, second).Result.Contains("waiting"));

        File.WriteAllText(Gate, "open");

        await engine.WaitForSessionAsync(second, s => Status(s) == "done");
        var runs = Runs();
        Assert.Equal([first, second], runs.Select(r => r.Session));
        Assert.True(runs[0].End <= runs[1].Start);
    }

    [Fact]
    public async Task ConcurrencyMax_CapsTheAutomationsRunningSessions()
    {
        Definition("concurrency: { max: 2 }");
        await using var engine = await StartAsync();

        var sessions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await DeliverAsync(engine, $"d-max-{i}"));
        }

        await OpenGateOnceHeldAsync(engine, sessions, running: 2);
        foreach (var id in sessions)
        {
            await engine.WaitForSessionAsync(id, s => Status(s) == "done");
        }

        var runs = Runs();
        Assert.Equal(4, runs.Count);
        // The most runs alive at one instant: a sweep over starts (+1) and ends (-1), ends first on ties.
        var peak = runs.SelectMany(r => new[] { (At: r.Start, Step: 1), (At: r.End, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step)
            .Aggregate((Now: 0, Max: 0), (acc, e) => (acc.Now + e.Step, Math.Max(acc.Max, acc.Now + e.Step))).Max;
        Assert.Equal(2, peak);
    }

    [Theory]
    [InlineData("skip")]
    [InlineData("queue")]
    public async Task ConcurrencyKey_TwoDeliveriesWhileTheWorkerIsBusy_TheFirstHoldsTheKey_AndBothAreNeverLive(string onConflict)
    {
        Definition($$$"""concurrency: { key: "issue-{{ event.subject.number }}", on_conflict: {{{onConflict}}} }""");
        _setup.Definition("busy.yaml", """
            name: busy
            on:
              - github: { event: issues.labeled, where: { payload.label.name: busy } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: Keep the worker busy.
            """);
        await using var engine = await _setup.StartAsync(_setup.Settings(RecordingAgent(), ("Automations:Worker:Concurrency", "1"), ("Automations:Worker:LockRetryDelay", "00:00:00.200")));
        var busy = await DeliverAsync(engine, "d-busy", label: "busy");
        await Waiting.UntilAsync(() => Started().Contains(busy), TimeSpan.FromSeconds(60), "the busy session's agent to start");

        var first = await DeliverAsync(engine, $"d-{onConflict}-first");
        var second = await DeliverAsync(engine, $"d-{onConflict}-second");
        var firstWhileBusy = Status(await engine.GetJsonAsync($"/api/sessions/{first}"));
        using var sampling = new CancellationTokenSource();
        var samples = SampleAsync(engine, first, second, sampling.Token);
        File.WriteAllText(Gate, "open");
        await engine.WaitForSessionAsync(first, s => Status(s) == "done");
        var secondEnd = await engine.WaitForSessionAsync(second, s => Status(s) is "done" or "terminated");
        await sampling.CancelAsync();

        Assert.Equal("queued", firstWhileBusy);
        Assert.DoesNotContain(await samples, pair => Live(pair.First) && Live(pair.Second));
        var runs = Runs().Select(r => r.Session).ToList();
        if (onConflict == "skip")
        {
            Assert.Equal($"skipped: concurrency key 'issue-1347' is held by live session {first}", secondEnd.GetProperty("error").GetString());
            Assert.Equal([busy, first], runs);
        }
        else
        {
            Assert.Equal("done", Status(secondEnd));
            Assert.Equal([busy, first, second], runs);
        }
    }

    private static bool Live(string status) => status is "spawning" or "working";

    /// <summary>The two sessions' statuses, read together again and again until <paramref name="stop"/>.</summary>
    private static async Task<List<(string First, string Second)>> SampleAsync(EngineProcess engine, string first, string second, CancellationToken stop)
    {
        var samples = new List<(string, string)>();
        while (!stop.IsCancellationRequested)
        {
            var list = await engine.GetJsonAsync("/api/sessions?automation=locked");
            var statuses = list.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, Status);
            samples.Add((statuses.GetValueOrDefault(first, "?"), statuses.GetValueOrDefault(second, "?")));

            // A sample every 20 ms at most, so the sampler does not take the engine's CPU from the runs it watches.
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        return samples;
    }
}
