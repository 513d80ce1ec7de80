using System.Net;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// A definition's <c>prebuild:</c>, run by the real engine in the real sandbox: its commands run once per base
/// commit however many sessions start from it, a new commit on the base builds the next one, no agent can
/// change what the others get, and a failed build falls back to running the commands as setup, saying why.
/// </summary>
public sealed class PrebuildTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private string Runs => _setup.Shared("prebuild-runs");

    /// <summary>
    /// A definition whose prebuild appends to a file the test reads (the agent's writable folder, which setup
    /// and prebuilds get too) and leaves <c>deps/lib.txt</c>, untracked; its agent prints what it finds there.
    /// </summary>
    private void Define(string commands)
    {
        _setup.Definition("deps.yaml", $$$"""
            name: deps
            on:
              - github: { event: issues.labeled }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: Use the dependencies.
            prebuild:
              commands:
                - {{{JsonSerializer.Serialize(commands)}}}
            """);
    }

    internal const string Build = "mkdir -p deps && echo \"v1 from $(git rev-parse --short HEAD)\" > deps/lib.txt";

    private Task<EngineProcess> StartAsync(string agentScript, params (string Key, string Value)[] extra) => _setup.StartAsync(_setup.Settings(_setup.Agent("agent", agentScript), extra));

    /// <summary>An issue labelled: the session it starts, once it is done.</summary>
    internal static async Task<string> RunAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
        var ended = await engine.WaitForSessionAsync(session, s => s.GetProperty("status").GetString() is "done" or "errored");
        Assert.True(ended.GetProperty("status").GetString() == "done", ended.ToString());
        return session;
    }

    internal static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];

    internal static async Task<JsonElement> PrebuildEventAsync(EngineProcess engine, string sessionId) =>
        Assert.Single(await EventsAsync(engine, sessionId), e => e.GetProperty("type").GetString() == "prebuild").GetProperty("data");

    internal static async Task<string> SaidAsync(EngineProcess engine, string sessionId) =>
        string.Join('\n', (await EventsAsync(engine, sessionId)).Where(e => e.GetProperty("type").GetString() == "token").Select(e => e.GetProperty("data").GetProperty("text").GetString()));

    private int RunCount() => File.Exists(Runs) ? File.ReadAllLines(Runs).Length : 0;

    [SandboxFact]
    public async Task Prebuild_RunsOnceForTwoSessionsOnOneBase_AndANewBaseCommitBuildsTheNextInTheBackground()
    {
        Define($"echo ran >> {Runs} && {Build}");
        await using var engine = await StartAsync("echo \"SAW $(cat deps/lib.txt)\"; git status --short", ("Automations:Worker:PrebuildsKept", "1"));
        var first = GitRepository.Run(_setup.Remote, "rev-parse", "--short", "main");

        var one = await RunAsync(engine, "d-1");
        var two = await RunAsync(engine, "d-2");

        Assert.Equal(1, RunCount());
        var built = await PrebuildEventAsync(engine, one);
        Assert.True(built.GetProperty("built").GetBoolean(), built.ToString());
        var reused = await PrebuildEventAsync(engine, two);
        Assert.False(reused.GetProperty("built").GetBoolean(), reused.ToString());
        Assert.Equal(built.GetProperty("commit").GetString(), reused.GetProperty("commit").GetString());
        foreach (var session in new[] { one, two })
        {
            var said = await SaidAsync(engine, session);
            Assert.Contains($"SAW v1 from {first}", said, StringComparison.Ordinal);
            Assert.DoesNotContain(await EventsAsync(engine, session), e => e.GetProperty("type").GetString() == "setup");
        }

        // A new commit on the base: the next session starts from the newest ready one while the next builds.
        var second = GitRepository.Commit(_setup.Remote, new Dictionary<string, string?> { ["CHANGELOG.md"] = "next\n" })[..7];
        var three = await RunAsync(engine, "d-3");
        var meanwhile = await PrebuildEventAsync(engine, three);
        Assert.Equal(built.GetProperty("commit").GetString(), meanwhile.GetProperty("commit").GetString());
        Assert.StartsWith(second, meanwhile.GetProperty("building").GetString(), StringComparison.Ordinal);
        Assert.Contains($"SAW v1 from {first}", await SaidAsync(engine, three), StringComparison.Ordinal);

        await Waiting.UntilAsync(() => RunCount() == 2, TimeSpan.FromSeconds(60), "the next prebuild");
        string? four = null;
        await Waiting.UntilAsync(
            async () => (await PrebuildEventAsync(engine, four = await RunAsync(engine, $"d-4-{Guid.NewGuid():N}"))).GetProperty("commit").GetString()!.StartsWith(second, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "a session from the next prebuild");
        Assert.Contains($"SAW v1 from {second}", await SaidAsync(engine, four!), StringComparison.Ordinal);
        Assert.Equal(2, RunCount());

        // PrebuildsKept=1: the first commit's snapshot went when the second's was ready.
        var ready = Assert.Single(Directory.GetFiles(Path.Combine(_setup.DataDir, "prebuilds"), "ready", SearchOption.AllDirectories));
        Assert.StartsWith(second, Path.GetFileName(Path.GetDirectoryName(ready)), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task HostileAgent_CannotChangeTheSnapshotTheNextSessionGets()
    {
        Define(Build);
        var attacked = _setup.Shared("attacked");
        await using var engine = await StartAsync($$"""
            if [ ! -e {{attacked}} ]; then
              touch {{attacked}}
              attempt() { if sh -c "$2" 2>/dev/null; then echo "ATTEMPT $1: succeeded"; else echo "ATTEMPT $1: failed"; fi; }
              attempt append 'echo evil >> deps/lib.txt'
              attempt chmod 'chmod u+w deps/lib.txt'
              attempt truncate 'truncate -s 0 deps/lib.txt'
              attempt overwrite 'printf evil > deps/lib.txt'
              attempt replace 'rm -f deps/lib.txt && echo evil > deps/lib.txt'
              echo "NOW $(cat deps/lib.txt)"
            else
              echo "SAW $(cat deps/lib.txt)"
            fi
            """);

        var hostile = await RunAsync(engine, "h-1");
        var victim = await RunAsync(engine, "h-2");

        // As root, the engine gives agents hard links of files sealed as its own: no write in place gets through.
        // (Otherwise each workspace gets a copy of its own, which its agent may change at will.)
        var tried = await SaidAsync(engine, hostile);
        foreach (var write in Environment.IsPrivilegedProcess ? new[] { "append", "chmod", "truncate", "overwrite" } : [])
        {
            Assert.Contains($"ATTEMPT {write}: failed", tried, StringComparison.Ordinal);
        }

        // Replacing its own copy is the agent's right; it changes only its workspace.
        Assert.Contains("ATTEMPT replace: succeeded", tried, StringComparison.Ordinal);
        Assert.Contains("NOW evil", tried, StringComparison.Ordinal);
        Assert.Contains("SAW v1 from", await SaidAsync(engine, victim), StringComparison.Ordinal);
        var snapshot = Assert.Single(Directory.GetFiles(Path.Combine(_setup.DataDir, "prebuilds"), "lib.txt", SearchOption.AllDirectories));
        Assert.StartsWith("v1 from", await File.ReadAllTextAsync(snapshot), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task FailedPrebuild_IsRecordedWithItsOutput_AndTheSessionRunsItsCommandsAsSetup()
    {
        // The first run fails (the prebuild's); the ones after succeed (the sessions' fallback).
        var failedOnce = _setup.Shared("failed-once");
        Define($"echo ran >> {Runs}; if [ ! -e {failedOnce} ]; then touch {failedOnce}; echo 'registry unreachable' >&2; exit 3; fi; {Build}");
        await using var engine = await StartAsync("echo \"SAW $(cat deps/lib.txt)\"");

        var session = await RunAsync(engine, "f-1");

        var events = await EventsAsync(engine, session);
        var prebuild = await PrebuildEventAsync(engine, session);
        var error = prebuild.GetProperty("error").GetString()!;
        Assert.Contains("exited with code 3", error, StringComparison.Ordinal);
        Assert.Contains("its commands run as setup", error, StringComparison.Ordinal);
        var setup = Assert.Single(events, e => e.GetProperty("type").GetString() == "setup").GetProperty("data");
        Assert.Contains("registry unreachable", setup.GetProperty("commands")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("SAW v1 from", await SaidAsync(engine, session), StringComparison.Ordinal);
        Assert.Equal(2, RunCount());

        var record = Assert.Single(Directory.GetFiles(Path.Combine(_setup.DataDir, "prebuilds"), "*.failed", SearchOption.AllDirectories));
        Assert.Contains(record, error, StringComparison.Ordinal);
        Assert.Contains("stderr: registry unreachable", await File.ReadAllTextAsync(record), StringComparison.Ordinal);

        // The commit's build is not tried again: the next session falls back too, and says so.
        var next = await RunAsync(engine, "f-2");
        Assert.Contains("failed", (await PrebuildEventAsync(engine, next)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, RunCount());
    }
}
