using System.Text.Json;
using Automations.Testing;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// What finishes a session's pull request, through the real executable: a base that moved into conflict gives
/// the agent a turn to resolve it (real git on both sides), and <c>merge:</c> merges an approved, green pull
/// request with the head commit that was checked.
/// </summary>
public sealed class ReactionsTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    /// <summary>
    /// Records each prompt in PROMPTS.md, like <see cref="ActionsFakes.RecordingAgent"/>; told to merge a commit,
    /// it merges it first and resolves a conflict in PROMPTS.md by keeping its own side.
    /// </summary>
    private const string ResolvingAgent = """
        prompt=$(cat)
        base=$(printf '%s' "$prompt" | sed -n 's/.*git merge \([0-9a-f]\{40\}\).*/\1/p' | head -n 1)
        if [ -n "$base" ]; then
          git -c user.name=agent -c user.email=agent@example.com merge --no-edit "$base" >/dev/null 2>&1 || {
            git checkout --ours PROMPTS.md && git add PROMPTS.md && git -c user.name=agent -c user.email=agent@example.com commit --quiet --no-edit
          }
        fi
        printf '%s\n----\n' "$prompt" >> PROMPTS.md
        echo done
        """;

    /// <summary>The autofix definition with <paramref name="extra"/> lines, and the engine's settings for the fakes.</summary>
    private Dictionary<string, string> Settings(string agent, string extra)
    {
        var settings = _fakes.AutofixSettings(agent);
        _fakes.Setup.Definition("autofix.yaml", $$$"""
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: "{{ event.repository }}"
            agent: { use: demo, timeout: 2m }
            instructions: "Fix issue #{{ event.subject.number }}: {{ event.subject.title }}"
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}" }
              - slack: { channel: "#alerts" }
            {{{extra}}}
            """);
        return settings;
    }

    private static async Task<(string SessionId, string Branch)> PullRequestOpenAsync(EngineProcess engine, string deliveryId)
    {
        var sessionId = await DeliverAsync(engine, deliveryId);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open");
        return (sessionId, $"automations/autofix/{sessionId}");
    }

    private string Prompts(string branch) => GitRepository.Show(_fakes.Setup.Remote, branch, "PROMPTS.md");

    private static async Task<IReadOnlyList<JsonElement>> ActionsAsync(EngineProcess engine, string sessionId, string prefix) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "action" && e.GetProperty("data").GetProperty("key").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => e.GetProperty("data"))];

    [Fact]
    public async Task BaseMovedIntoConflict_GivesATurnNamingTheConflictingFile_ItsResolutionIsPushed_AndThePullRequestMergesAgain()
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(ResolvingAgent, "follow_up: { conflicts: { retries: 1 } }"));
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-conflict");
        var pr = _fakes.GitHub.PullRequests[0];

        // Someone else adds PROMPTS.md on main: the session's branch added it too, so the two conflict.
        var before = _fakes.GitHub.BranchSha("acme/web", "main")!;
        var after = GitRepository.Commit(_fakes.Setup.Remote, new Dictionary<string, string?> { ["PROMPTS.md"] = "main's own notes\n" }, "Notes on main");
        await RepositoryPushes.PushAsync(engine, "acme/web", before, after, "PROMPTS.md");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && Prompts(branch).Contains("no longer merges", StringComparison.Ordinal));

        var prompt = Prompts(branch).Split("----")[1];
        Assert.Contains($"Pull request #{pr.Number} no longer merges into main", prompt, StringComparison.Ordinal);
        Assert.Contains("Rebase or merge the base and resolve", prompt, StringComparison.Ordinal);
        Assert.Contains("- PROMPTS.md", prompt, StringComparison.Ordinal);
        Assert.Contains($"git merge {after}", prompt, StringComparison.Ordinal);

        // The resolution was pushed: the branch holds main's commit now, and GitHub (real git behind the fake) finds no conflict.
        GitRepository.Run(_fakes.Setup.Remote, "merge-base", "--is-ancestor", after, branch);
        await PostAsync(engine, "pull_request", "d-conflict-sync", _fakes.GitHub.PullRequestEvent("synchronize", pr));
        await Waiting.UntilAsync(
            async () => (await ActionsAsync(engine, sessionId, "conflicts:check:")).Count(a => a.GetProperty("state").GetString() == "done") == 2,
            TimeSpan.FromSeconds(60),
            "the second mergeability check");
        var checks = await ActionsAsync(engine, sessionId, "conflicts:check:");
        Assert.Equal(["dirty", "clean"], checks.Where(a => a.GetProperty("state").GetString() == "done").Select(a => a.GetProperty("result").GetProperty("mergeableState").GetString()));
        Assert.Single(await ActionsAsync(engine, sessionId, "follow_up:conflicts:"), a => a.GetProperty("state").GetString() == "done");
        Assert.Equal("pr_open", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
    }

    [Fact]
    public async Task ApprovedAndGreen_WithMerge_MergesWithTheCheckedHeadSha_AndTheSessionEndsMerged()
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(RecordingAgent, "merge: { when: approved_and_green, method: squash }"));
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-merge");
        var pr = _fakes.GitHub.PullRequests[0];
        var head = _fakes.GitHub.BranchSha("acme/web", branch)!;

        await PostAsync(engine, "pull_request_review", "d-merge-review", _fakes.GitHub.ReviewSubmitted(pr, 501, "approved", "Looks good.", "maria-dev"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "approved");
        await PostAsync(engine, "check_suite", "d-merge-green", _fakes.GitHub.CheckSuiteCompleted("acme/web", branch, head, "success"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "merged");

        var merge = Assert.Single(_fakes.GitHub.RequestsTo("PUT", $"/repos/acme/web/pulls/{pr.Number}/merge"));
        using var body = JsonDocument.Parse(merge.Text);
        Assert.Equal(head, body.RootElement.GetProperty("sha").GetString());
        Assert.Equal("squash", body.RootElement.GetProperty("merge_method").GetString());
        Assert.True(pr.Merged);
        Assert.Equal("squash", pr.MergeMethod);
        Assert.Contains($"the engine merged pull request #{pr.Number} (squash) at {head[..10]}", StatusReason(await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovedAndGreen_WithoutMerge_NothingMerges()
    {
        await using var engine = await _fakes.Setup.StartAsync(Settings(RecordingAgent, string.Empty));
        var (sessionId, branch) = await PullRequestOpenAsync(engine, "d-nomerge");
        var pr = _fakes.GitHub.PullRequests[0];

        await PostAsync(engine, "pull_request_review", "d-nomerge-review", _fakes.GitHub.ReviewSubmitted(pr, 502, "approved", "Looks good.", "maria-dev"));
        await PostAsync(engine, "check_suite", "d-nomerge-green", _fakes.GitHub.CheckSuiteCompleted("acme/web", branch, _fakes.GitHub.BranchSha("acme/web", branch)!, "success"));
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "mergeable");

        // The thread is told in the reconcile that would have merged (merging comes first): by then, nothing merged.
        var root = Assert.Single(_fakes.Roots);
        await engine.WaitForSessionAsync(sessionId, _ => _fakes.Slack.Messages.Any(m => m.ThreadTs == root.Ts && m.Text.StartsWith("*mergeable*", StringComparison.Ordinal)));
        Assert.Empty(_fakes.GitHub.RequestsTo("PUT", $"/repos/acme/web/pulls/{pr.Number}/merge"));
        Assert.False(pr.Merged);
        Assert.Equal("mergeable", Status(await engine.GetJsonAsync($"/api/sessions/{sessionId}")));
    }

    /// <summary>The reason of the session's last status event.</summary>
    private static string StatusReason(JsonElement events) =>
        events.EnumerateArray().Last(e => e.GetProperty("type").GetString() == "status").GetProperty("data").GetProperty("reason").GetString() ?? string.Empty;
}
