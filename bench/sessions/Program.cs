using System.Diagnostics;
using Automations.Bench;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// For each count N of --sessions (a comma-separated list: 50,500), N sessions at once, each a stand-in agent
// that prints M lines (events) spread over S seconds, through a fresh engine. Every line must come back as a
// token event of its session, once, in order.
var counts = (Text("--sessions") ?? "50").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
var events = Option("--events", 1_000);
var seconds = Option("--seconds", 10);
var engineDll = Text("--engine") ?? throw new InvalidOperationException("--engine <path to automations.dll> is required");
const string Secret = "bench-secret";
const string ApiKey = "bench-key";

Console.WriteLine("== machine");
foreach (var line in Automations.Bench.MachineInfo.Describe())
{
    Console.WriteLine(line);
}

var rows = new List<string>();
var failures = 0;
foreach (var count in counts)
{
    failures += await RunAsync(count);
}

Console.WriteLine();
Console.WriteLine("| sessions | events each | finished | events stored | lost / duplicated / out of order | live at once | RSS idle | RSS at peak live | per live session |");
Console.WriteLine("|---:|---:|---:|---:|---|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
return failures == 0 ? 0 : 1;

async Task<int> RunAsync(int sessions)
{
    var root = Path.Combine(Path.GetTempPath(), $"automations-bench-sessions-{Guid.NewGuid():N}");
    Directory.CreateDirectory(root);
    Process? engine = null;
    try
    {
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var automations = Directory.CreateDirectory(Path.Combine(root, "automations")).FullName;
        var gitRoot = Directory.CreateDirectory(Path.Combine(root, "git", "acme")).Parent!.FullName;
        BenchProcesses.CreateRepository(Path.Combine(gitRoot, "acme", "web.git"));
        var agent = Path.Combine(root, "agent.sh");
        var batches = Math.Max(1, events / 10);
        var pause = (seconds / (double)batches).ToString("0.####", CultureInfo.InvariantCulture);
        File.WriteAllText(agent, $$"""
            #!/bin/sh
            # {{events}} lines in batches of 10, one batch every {{pause}} s: a chatty agent that stays live about {{seconds}} s.
            i=1
            while [ $i -le {{events}} ]; do
              echo "event $i"
              if [ $((i % 10)) -eq 0 ]; then sleep {{pause}}; fi
              i=$((i + 1))
            done
            echo done > DONE.md
            """);
        // The agent runs as the sandbox's user, who must be able to read and run it.
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(automations, "load.yaml"), """
            name: load
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: load, timeout: 10m }
            instructions: Stream your events.
            """);

        var port = BenchProcesses.FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[] { engineDll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", data, "--automations", automations })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Automations__Api__Keys__0"] = ApiKey;
        start.Environment["Automations__Sources__GitHub__WebhookSecret"] = Secret;
        start.Environment["Automations__GitHub__GitUrl"] = gitRoot;
        start.Environment["Automations__Agents__load__Command"] = agent;
        start.Environment["Automations__Worker__Concurrency"] = sessions.ToString(CultureInfo.InvariantCulture);
        start.Environment["Automations__Worker__PollInterval"] = "00:00:00.200";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        engine = Process.Start(start)!;
        engine.OutputDataReceived += (_, _) => { };
        engine.ErrorDataReceived += (_, _) => { };
        engine.BeginOutputReadLine();
        engine.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        await BenchProcesses.WaitHealthyAsync(http, engine);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleRss = Rss(engine.Id);

        var body = Payload();
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "issues");
            request.Headers.Add("X-GitHub-Delivery", $"load-{i:D4}-{Guid.NewGuid():N}");
            request.Headers.Add("X-Hub-Signature-256", signature);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions")[0].GetString()!;
        }));

        long peakRss = 0;
        var peakLive = 0;
        var liveSamples = new List<(int Live, long Rss)>();
        while (true)
        {
            var list = await http.GetFromJsonAsync<JsonElement>($"/api/sessions?automation=load&limit={sessions}");
            var statuses = list.EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
            var live = statuses.Count(s => s == "working");
            var rss = Rss(engine.Id);
            peakRss = Math.Max(peakRss, rss);
            peakLive = Math.Max(peakLive, live);
            liveSamples.Add((live, rss));
            if (statuses.Count == sessions && statuses.All(s => s is "done" or "errored" or "terminated"))
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException("the sessions did not finish within 15 minutes");
            }

            await Task.Delay(250);
        }

        var wall = clock.Elapsed;
        int lost = 0, outOfOrder = 0, duplicated = 0, errored = 0;
        long stored = 0;
        foreach (var id in ids)
        {
            var session = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
            if (session.GetProperty("status").GetString() != "done")
            {
                if (errored++ == 0)
                {
                    Console.WriteLine($"session {id} ended {session.GetProperty("status").GetString()}: {session.GetProperty("error")}");
                }
            }

            var all = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/events");
            var numbers = all.EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "token" && e.GetProperty("data").GetProperty("stream").GetString() == "stdout")
                .Select(e => e.GetProperty("data").GetProperty("text").GetString()!)
                .Where(t => t.StartsWith("event ", StringComparison.Ordinal))
                .Select(t => int.Parse(t[6..], CultureInfo.InvariantCulture))
                .ToList();
            stored += numbers.Count;
            duplicated += numbers.Count - numbers.Distinct().Count();
            lost += Enumerable.Range(1, events).Except(numbers).Count();
            outOfOrder += numbers.Zip(numbers.Skip(1)).Count(p => p.Second <= p.First);
        }

        // Memory per live session: the engine's resident memory at its fullest, over what it used idle.
        var fullest = liveSamples.Where(s => s.Live == peakLive).Max(s => s.Rss);
        Console.WriteLine();
        Console.WriteLine($"== {sessions} sessions x {events:N0} events, each agent live about {seconds} s");
        Console.WriteLine($"finished:            {sessions - errored} done, {errored} not done, in {wall.TotalSeconds:F1} s");
        Console.WriteLine($"events:              {stored:N0} stored of {(long)sessions * events:N0} sent; lost {lost}, duplicated {duplicated}, out of order {outOfOrder}");
        Console.WriteLine($"throughput:          {stored / wall.TotalSeconds:N0} events/s stored (wall clock, first delivery to last session done)");
        Console.WriteLine($"live at once:        {peakLive} sessions at most");
        Console.WriteLine($"engine memory (RSS): idle {idleRss / 1_048_576.0:F1} MiB, peak {peakRss / 1_048_576.0:F1} MiB, at {peakLive} live {fullest / 1_048_576.0:F1} MiB");
        Console.WriteLine($"per live session:    {(fullest - idleRss) / (double)Math.Max(1, peakLive) / 1024:F0} KiB");
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {sessions} | {events:N0} | {sessions - errored} in {wall.TotalSeconds:F0} s | {stored:N0} of {(long)sessions * events:N0} | {lost} / {duplicated} / {outOfOrder} | {peakLive} | {idleRss / 1_048_576.0:F1} MiB | {fullest / 1_048_576.0:F1} MiB | {(fullest - idleRss) / (double)Math.Max(1, peakLive) / 1_048_576:F2} MiB |"));
        return lost + duplicated + outOfOrder + errored == 0 ? 0 : 1;
    }
    finally
    {
        if (engine is { HasExited: false })
        {
            engine.Kill(entireProcessTree: true);
            await engine.WaitForExitAsync();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}

static byte[] Payload() => Encoding.UTF8.GetBytes("""
    {"action":"labeled","label":{"name":"autofix"},
     "issue":{"number":7,"title":"Load","html_url":"https://github.com/acme/web/issues/7","state":"open","labels":[{"name":"autofix"}],"user":{"login":"octocat"},"author_association":"OWNER","body":"load"},
     "repository":{"full_name":"acme/web","name":"web","owner":{"login":"acme"},"private":false,"html_url":"https://github.com/acme/web"},
     "sender":{"login":"octocat","type":"User"}}
    """);

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

string? Text(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
