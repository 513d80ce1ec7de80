using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Agents in the engine's sandbox, run by the real engine: a hostile agent reaches nothing of the engine's,
/// and nothing an agent does (a child that escapes its group, a prompt it never reads, an endless line)
/// outlives its run or grows the engine without bound.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private const string GitHubToken = "ghp_engineTokenThatNoAgentMaySee0123";
    private const string OtherAgentSecret = "other-agents-own-key-0123456789";
    private const string VictimSecret = "the-victims-uncommitted-secret";

    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private static async Task<string> CreateAsync(EngineProcess engine, string agent, string prompt)
    {
        using var response = await engine.Http.PostAsJsonAsync("/api/sessions", new { repository = "acme/web", prompt, agent });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];

    private static string Text(IEnumerable<JsonElement> events) => string.Join('\n', events.Select(e => e.GetProperty("data").ToString()));

    /// <summary>An engine with secrets in its environment and data directory: a webhook secret, a GitHub token, another agent's key, a generated API key.</summary>
    private async Task<EngineProcess> StartHostileAsync(params (string Key, string Value)[] extra)
    {
        var hostile = _setup.Agent("hostile", HostileScript());
        var victim = Scripts.Write(_setup.Combine("victim.sh"), $"echo '{VictimSecret}' > SECRET.txt");
        var engine = await _setup.StartAsync(
            _setup.Settings(
                hostile,
                [
                    ("Automations:GitHub:Token", GitHubToken),
                    ("Automations:Agents:victim:Command", victim),
                    ("Automations:Agents:other:Command", "/bin/true"),
                    ("Automations:Agents:other:Env:OTHER_KEY", OtherAgentSecret),
                    .. extra,
                ]),
            configureApiKey: false);
        var apiKey = (await File.ReadAllTextAsync(Path.Combine(_setup.DataDir, "api-key"))).Trim();
        engine.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return engine;
    }

    /// <summary>Runs the victim, then the hostile agent with what it needs to know to aim: the engine's pid, the victim's session, the mirror.</summary>
    private async Task<(string Hostile, string Victim, string Mirror)> AttackAsync(EngineProcess engine)
    {
        var victim = await CreateAsync(engine, "victim", "Keep a secret.");
        await engine.WaitForSessionAsync(victim, s => Status(s) is "done" or "errored");
        var mirror = Assert.Single(Directory.GetDirectories(Path.Combine(_setup.DataDir, "mirrors")));
        await File.WriteAllTextAsync(_setup.Shared("aim"), $"ENGINE={engine.Id}\nVICTIM={victim}\nMIRROR={mirror}\nDATA={_setup.DataDir}\nENGINE_HOME={Environment.GetEnvironmentVariable("HOME")}\n");
        var hostile = await CreateAsync(engine, "demo", "Do as you please.");
        await engine.WaitForSessionAsync(hostile, s => Status(s) is "done" or "errored");
        return (hostile, victim, mirror);
    }

    [SandboxFact]
    public async Task HostileAgent_Sandboxed_ReachesNothingOfTheEngine_AndTheNextPushRunsNothingOfIts()
    {
        await using var engine = await StartHostileAsync();
        var apiKey = engine.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var mirrorBefore = MirrorState();

        var (hostile, _, mirror) = await AttackAsync(engine);

        var session = await engine.GetJsonAsync($"/api/sessions/{hostile}");
        Assert.True(Status(session) == "done", session.ToString());
        Assert.True(session.GetProperty("sandboxed").GetBoolean());
        var said = Text(await EventsAsync(engine, hostile));
        // Each way out fails. (Writing where the mirror's config and hooks would be may reach only the sandbox's
        // own throw-away folders, where the data directory is under /tmp, as in tests: the mirror is checked below.)
        var attempts = said.Split('\n').Where(l => l.Contains("ATTEMPT ", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, attempts.Count);
        foreach (var name in new[] { "engine-environ", "any-environ", "signal-engine", "data-dir", "other-session", "database", "api-key", "other-worktree", "mirror-objects", "engine-home" })
        {
            Assert.Contains(attempts, a => a.Contains($"ATTEMPT {name}: failed", StringComparison.Ordinal));
        }
        foreach (var secret in new[] { EngineSetup.Secret, GitHubToken, OtherAgentSecret, VictimSecret, apiKey })
        {
            Assert.DoesNotContain(secret, said, StringComparison.Ordinal);
        }

        // The engine lives, its mirror is as it was, and the push of the hostile branch ran nothing of the agent's.
        Assert.Equal(HttpStatusCode.OK, (await engine.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(mirrorBefore(mirror), MirrorState()(mirror));
        var branch = $"automations/manual/{hostile}";
        Assert.Equal("hostile was here", GitRepository.Show(_setup.Remote, branch, "HOSTILE.md"));
        Assert.DoesNotContain(GitRepository.Run(_setup.Remote, "ls-tree", "-r", "--name-only", branch).Split('\n'), f => f.StartsWith("pwned", StringComparison.Ordinal));
        AssertNothingPlanted();

        // And the next push on the repository, a follow-up on the hostile session's own spoiled repository, neither.
        using (var followUp = await engine.Http.PostAsJsonAsync($"/api/sessions/{hostile}/messages", new { text = "Once more." }))
        {
            Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        }

        await WaitForTurnsAsync(engine, hostile, 2);
        Assert.Equal("done", Status(await engine.GetJsonAsync($"/api/sessions/{hostile}")));
        Assert.Equal(mirrorBefore(mirror), MirrorState()(mirror));
        AssertNothingPlanted();
    }

    [Fact]
    public async Task HostileAgent_Unsandboxed_ReadsTheEngineSecrets_AndEverySessionSaysItRanUnsandboxed()
    {
        await using var engine = await StartHostileAsync(("Automations:Sandbox:Mode", "none"));

        var (hostile, _, _) = await AttackAsync(engine);

        // The same attack, without the sandbox: what the sandboxed test shows failing is real.
        var session = await engine.GetJsonAsync($"/api/sessions/{hostile}");
        Assert.False(session.GetProperty("sandboxed").GetBoolean());
        var events = await EventsAsync(engine, hostile);
        var said = Text(events);
        Assert.Contains("ATTEMPT engine-environ: succeeded", said, StringComparison.Ordinal);
        Assert.Contains(EngineSetup.Secret, said, StringComparison.Ordinal);
        Assert.Contains(OtherAgentSecret, said, StringComparison.Ordinal);
        Assert.Contains(VictimSecret, said, StringComparison.Ordinal);
        Assert.True(File.Exists(_setup.Shared("pwned-receivepack")), "unsandboxed, the agent's change to the mirror's config should have run at the engine's push");
        var started = events.First(e => e.GetProperty("type").GetString() == "status" && e.GetProperty("data").GetProperty("status").GetString() == "working");
        Assert.Contains("unsandboxed", started.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var prompt = events.First(e => e.GetProperty("type").GetString() == "prompt");
        Assert.False(prompt.GetProperty("data").GetProperty("sandbox").GetProperty("confined").GetBoolean());
        Assert.Contains("sandbox is off", engine.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits until the session has had <paramref name="prompts"/> turns and came to rest after the last.</summary>
    private static async Task WaitForTurnsAsync(EngineProcess engine, string sessionId, int prompts)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var events = await EventsAsync(engine, sessionId);
            if (events.Count(e => e.GetProperty("type").GetString() == "prompt") >= prompts && Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")) is "done" or "errored")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"session {sessionId} never came to rest after {prompts} turns:\n{engine.Output}");
    }

    /// <summary>No file the hostile agent meant the engine to make, anywhere in the test's folder.</summary>
    private void AssertNothingPlanted() =>
        Assert.Empty(Directory.EnumerateFiles(_setup.Combine(), "pwned*", SearchOption.AllDirectories));

    /// <summary>The mirror's config and hooks, as text, to compare before and after.</summary>
    private static Func<string, string> MirrorState() => mirror => Directory.Exists(mirror)
        ? File.ReadAllText(Path.Combine(mirror, "config")) + string.Join('\n', Directory.GetFiles(Path.Combine(mirror, "hooks")).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        : string.Empty;

    /// <summary>
    /// Tries each way out it knows and prints <c>ATTEMPT name: succeeded|failed</c> with what it got; then
    /// spoils its own repository with hooks, an fsmonitor and a filter that would run if the engine ran
    /// git there as itself, and leaves a change.
    /// </summary>
    private string HostileScript() => $$"""
        . "{{_setup.Shared("aim")}}"
        S="{{_setup.SharedDir}}"
        try() { name=$1; shift; if out=$("$@" 2>&1); then echo "ATTEMPT $name: succeeded: $(printf '%s' "$out" | tr '\n\0' '  ' | head -c 4000)"; else echo "ATTEMPT $name: failed: $(printf '%s' "$out" | head -c 200)"; fi; }
        try engine-environ cat /proc/$ENGINE/environ
        try any-environ sh -c 'cat /proc/[0-9]*/environ 2>/dev/null | tr "\0" "\n" | grep -a "Automations__"'
        try signal-engine kill -0 $ENGINE
        try data-dir sh -c 'ls -A "$1" | grep -v -x -e workspaces -e mirrors' sh "$DATA"
        try other-session ls -A "$DATA/workspaces/$VICTIM"
        try database head -c 100 "$DATA/automations.db"
        try api-key cat "$DATA/api-key"
        try other-worktree cat "$DATA/workspaces/$VICTIM/repo/SECRET.txt"
        try mirror-config git config -f "$MIRROR/config" remote.origin.receivepack "touch $S/pwned-receivepack; git-receive-pack"
        try mirror-hook sh -c "printf '#!/bin/sh\ntouch $S/pwned-hook\n' > '$MIRROR/hooks/pre-push' && chmod +x '$MIRROR/hooks/pre-push'"
        try mirror-objects touch "$MIRROR/objects/pwned-object"
        try engine-home ls -A "$ENGINE_HOME"
        mkdir -p .git/evil
        for hook in pre-commit post-commit reference-transaction pre-push post-checkout post-index-change; do
          printf '#!/bin/sh\ntouch "%s/pwned-hook-%s" pwned-hook-%s\n' "$S" $hook $hook > .git/evil/$hook
          chmod +x .git/evil/$hook
        done
        git config core.hooksPath .git/evil
        git config core.fsmonitor "touch pwned-fsmonitor; false"
        git config filter.evil.clean "touch pwned-filter; cat"
        git config filter.evil.smudge "touch pwned-filter; cat"
        echo '* filter=evil' > .gitattributes
        echo 'hostile was here' > HOSTILE.md
        """;
}
