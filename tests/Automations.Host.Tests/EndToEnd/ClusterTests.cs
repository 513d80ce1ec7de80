using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Cluster mode: two real <c>automations serve</c> processes, each with its own data directory, on one
/// PostgreSQL database (a fresh one per test). The agents are shell scripts that log which instance ran
/// them.
/// </summary>
public sealed partial class ClusterTests : IAsyncLifetime
{
    private readonly EngineSetup _setup = new();
    private readonly EngineCluster _cluster;

    public ClusterTests() => _cluster = new EngineCluster(_setup, "automations_cluster");

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so no engine outlives its test.
    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _setup.Dispose();
    }

    private string Log => _setup.Shared("runs.log");

    private string Gate => _setup.Shared("gate");

    /// <summary>
    /// An agent that logs "<paramref name="instance"/> session" when it has done its work. One that hangs
    /// waits for the gate, telling its engine that it works, as every agent streams its progress; so it
    /// stops when nothing reads it any more.
    /// </summary>
    private string Agent(string instance, bool hang = false) => _setup.Agent($"agent-{instance}", $$"""
        echo "start {{instance}} $AUTOMATIONS_SESSION_ID" >> "{{Log}}"
        {{(hang ? $"while [ ! -f \"{Gate}\" ]; do echo working || exit 1; sleep 0.1; done" : string.Empty)}}
        echo "end {{instance}} $AUTOMATIONS_SESSION_ID" >> "{{Log}}"
        """);

    private Task<EngineProcess> StartAsync(string instance, string agent, params (string Key, string Value)[] extra) =>
        _cluster.StartAsync(instance, agent, [("Automations:Worker:Concurrency", "4"), .. extra]);

    private static async Task<JsonElement> DeliverAsync(EngineProcess engine, string deliveryId, HttpStatusCode expected = HttpStatusCode.Accepted, string repository = "acme/web")
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        if (repository != "acme/web")
        {
            body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(body).Replace("\"full_name\": \"acme/web\"", $"\"full_name\": \"{repository}\"", StringComparison.Ordinal));
        }

        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private List<(string Step, string Instance, string Session)> Runs() =>
        [.. File.ReadAllLines(Log).Select(l => l.Split(' ')).Select(p => (p[0], p[1], p[2]))];

    private static async Task<List<JsonElement>> SessionsAsync(EngineProcess engine, string? status = null) =>
        [.. (await engine.GetJsonAsync($"/api/sessions?limit=1000{(status is null ? string.Empty : "&status=" + status)}")).EnumerateArray()];

    /// <summary>Polls until the queue is empty and <paramref name="count"/> sessions are done, failing with the engines' output.</summary>
    private async Task WaitDoneAsync(EngineProcess engine, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        while (clock.Elapsed < timeout)
        {
            var queue = (await engine.GetJsonAsync("/healthz")).GetProperty("queue");
            if (queue.GetProperty("available").GetInt32() + queue.GetProperty("leased").GetInt32() == 0)
            {
                done = (await SessionsAsync(engine, "done")).Count;
                if (done >= count)
                {
                    return;
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{done} of {count} sessions done after {timeout}; queue: {await engine.GetJsonAsync("/healthz")}\n" +
            string.Join("\n----\n", _cluster.Engines.Select(e => e.Output[Math.Max(0, e.Output.Length - 6000)..])));
    }

    [PostgresFact]
    public async Task TwoInstances_ThousandDeliveries_EachSessionIsMadeOnceAndFinishes()
    {
        // Eight repositories: a workspace is prepared from its repository's mirror one at a time.
        const int repositories = 8;
        for (var r = 0; r < repositories; r++)
        {
            GitRepository.CreateBare(Path.Combine(_setup.GitRoot, "acme", $"web-{r}.git"), new Dictionary<string, string> { ["README.md"] = "# web\n" });
        }

        _setup.AutofixDefinition();
        var a = await StartAsync("a", Agent("a"));
        var b = await StartAsync("b", Agent("b"));

        // Spread over both instances, 16 at a time; then a tenth of them again, to the other instance.
        var answers = new JsonElement[1000];
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            answers[i] = await DeliverAsync(i % 2 == 0 ? a : b, $"d-{i:D4}", repository: $"acme/web-{i % repositories}"));
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var again = await DeliverAsync(i % 2 == 0 ? b : a, $"d-{i * 10:D4}", HttpStatusCode.OK, $"acme/web-{i * 10 % repositories}");
            Assert.True(again.GetProperty("duplicate").GetBoolean());
            Assert.Equal(answers[i * 10].GetProperty("sessions")[0].GetString(), again.GetProperty("sessions")[0].GetString());
        });

        await WaitDoneAsync(a, 1000, TimeSpan.FromMinutes(25));

        var made = answers.Select(x => x.GetProperty("sessions").EnumerateArray().Single().GetString()!).ToList();
        Assert.Equal(1000, made.Distinct().Count());
        var sessions = await SessionsAsync(b);
        Assert.Equal(made.Order(StringComparer.Ordinal), sessions.Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(sessions, s => Assert.Equal("done", s.GetProperty("status").GetString()));

        // Each session's agent ran once, on one instance or the other, and both instances worked.
        var ends = Runs().Where(r => r.Step == "end").ToList();
        Assert.Equal(made.Order(StringComparer.Ordinal), ends.Select(r => r.Session).Order(StringComparer.Ordinal));
        Assert.Contains(ends, r => r.Instance == "a");
        Assert.Contains(ends, r => r.Instance == "b");
        var queue = (await a.GetJsonAsync("/healthz")).GetProperty("queue");
        Assert.Equal(0, queue.GetProperty("available").GetInt32() + queue.GetProperty("leased").GetInt32() + queue.GetProperty("dead").GetInt32());
    }

    [PostgresFact]
    public async Task OneInstanceDies_ItsJobsFinishOnTheOther()
    {
        _setup.AutofixDefinition();
        (string, string)[] lease = [("Automations:Queue:LeaseDuration", "00:00:04")];
        var agentsOfA = $"a-{Guid.NewGuid():N}";
        var a = await StartAsync("a", Agent("a", hang: true), [.. lease, ("Automations:Agents:demo:Env:CLUSTER_AGENT", agentsOfA)]);
        var b = await StartAsync("b", Agent("b"), lease);

        var made = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            made.Add((await DeliverAsync(a, $"d-{i}")).GetProperty("sessions")[0].GetString()!);
        }

        await Waiting.UntilAsync(() => File.Exists(Log) && Runs().Any(r => r.Instance == "a"), TimeSpan.FromSeconds(60), "instance a to start an agent");
        await a.KillAsync();

        await WaitDoneAsync(b, made.Count, TimeSpan.FromMinutes(6));

        // An agent of a that outlived it would now see the gate open, log its end and exit: wait until none is left.
        File.WriteAllText(Gate, "open");
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWithEnvironment($"CLUSTER_AGENT={agentsOfA}"), TimeSpan.FromSeconds(30), "instance a's agents to be gone");
        var runs = Runs();
        var startedOnA = runs.Where(r => r.Step == "start" && r.Instance == "a").Select(r => r.Session).Distinct().ToList();
        Assert.NotEmpty(startedOnA);
        Assert.DoesNotContain(runs, r => r.Step == "end" && r.Instance == "a");
        var finishedOnB = runs.Where(r => r.Step == "end" && r.Instance == "b").Select(r => r.Session).ToList();
        Assert.Equal(made.Order(StringComparer.Ordinal), finishedOnB.Order(StringComparer.Ordinal));
        foreach (var id in startedOnA)
        {
            var statuses = (await b.GetJsonAsync($"/api/sessions/{id}/events")).EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "status")
                .Select(e => e.GetProperty("data").GetProperty("status").GetString())
                .ToList();
            Assert.Equal("done", statuses[^1]);
            Assert.Contains("stuck", statuses);
        }
    }

    [PostgresFact]
    public async Task Schedules_PerSecondOnTwoInstances_FireEachSlotOnce()
    {
        _setup.Definition("tick.yaml", """
            name: tick
            on:
              - schedule: { cron: "* * * * * *", timezone: UTC, catch_up: all }
            repository: acme/web
            agent: { use: demo }
            instructions: Tick.
            """);
        (string, string)[] noWorkers = [("Automations:Worker:Enabled", "false")];
        var a = await StartAsync("a", Agent("a"), noWorkers);
        var b = await StartAsync("b", Agent("b"), noWorkers);

        await Waiting.UntilAsync(() => Fired(a, b).Count(f => f.Outcome == "Accepted") >= 8, TimeSpan.FromSeconds(60), "eight slots to fire");
        await a.StopAsync(TimeSpan.FromSeconds(30));
        await b.StopAsync(TimeSpan.FromSeconds(30));

        // Whichever instance came first took a slot (Accepted), once; an instance that tried a slot the
        // other had taken got a duplicate, and one that came later found it fired and did not try.
        var fired = Fired(a, b);
        var accepted = fired.Where(f => f.Outcome == "Accepted").Select(f => f.Slot).ToList();
        Assert.Equal(accepted.Distinct().Count(), accepted.Count);
        Assert.All(fired, f => Assert.Contains(f.Outcome, new[] { "Accepted", "Duplicate" }));

        // In the store: one session per slot, and no slot between the first and the last missed. (The
        // logs may lack the last lines of a stopping process; the store has everything.)
        var restarted = await StartAsync("c", Agent("c"), [.. noWorkers, ("Automations:Scheduler:Enabled", "false")]);
        var triggers = (await SessionsAsync(restarted)).Select(s => s.GetProperty("trigger").GetProperty("deliveryId").GetString()!).ToList();
        Assert.Equal(triggers.Distinct().Count(), triggers.Count);
        Assert.Subset(triggers.Select(t => t["schedule:tick:".Length..]).ToHashSet(), accepted.ToHashSet());
        var slots = triggers.Select(t => DateTimeOffset.Parse(t["schedule:tick:".Length..], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.True(slots.Count >= 8);
        Assert.Equal((int)(slots[^1] - slots[0]).TotalSeconds + 1, slots.Count);
    }

    private static List<(string Instance, string Slot, string Outcome)> Fired(EngineProcess a, EngineProcess b) =>
        [.. new[] { ("a", a), ("b", b) }.SelectMany(x => FiredLine().Matches(x.Item2.Output).Select(m => (x.Item1, m.Groups["slot"].Value, m.Groups["outcome"].Value)))];

    [GeneratedRegex(@"Schedule of tick fired slot (?<slot>\S+): (?<outcome>\w+)")]
    private static partial Regex FiredLine();
}
