using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Testing;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary><c>@automations</c> comments on a session's pull request and issue, through the real executable against the fake GitHub.</summary>
public sealed class GitHubCommandsTests : IAsyncLifetime
{
    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private static long Id(JsonObject delivery) => (long)delivery["comment"]!["id"]!;

    private static async Task<int> PromptsAsync(EngineProcess engine, string sessionId) =>
        (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == "prompt");

    private async Task<(EngineProcess Engine, string SessionId, int PullRequest)> OpenAsync()
    {
        var engine = await _fakes.Setup.StartAsync(_fakes.AutofixSettings(RecordingAgent));
        var sessionId = await DeliverAsync(engine, "d-commands");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment"));
        return (engine, sessionId, _fakes.GitHub.PullRequests[0].Number);
    }

    [Fact]
    public async Task CollaboratorsComment_OnThePullRequest_ReachesTheAgentAsAFollowUp_AndStopOnTheIssueStopsIt()
    {
        var (engine, sessionId, number) = await OpenAsync();
        await using var _ = engine;

        var followUp = _fakes.GitHub.IssueCommentCreated("acme/web", number, "@automations Please also add a changelog line.", "octocat", "COLLABORATOR");
        await PostAsync(engine, "issue_comment", "c-follow-up", followUp);

        // The follow-up is the agent's second prompt; what it was told is pushed to the session's branch.
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open"
            && GitRepository.Show(_fakes.Setup.Remote, $"automations/autofix/{sessionId}", "PROMPTS.md").Contains("Please also add a changelog line.", StringComparison.Ordinal));
        Assert.Equal(2, await PromptsAsync(engine, sessionId));
        Assert.Equal(["eyes"], _fakes.GitHub.Reactions(Id(followUp)));
        var message = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().Last(e => e.GetProperty("type").GetString() == "message");
        Assert.Equal("github:octocat", message.GetProperty("data").GetProperty("from").GetString());

        // A redelivery steers nothing again.
        await PostAsync(engine, "issue_comment", "c-follow-up", followUp);
        Assert.Single((await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray(), e => e.GetProperty("type").GetString() == "message" && e.GetProperty("data").GetProperty("from").GetString() == "github:octocat");

        var stop = _fakes.GitHub.IssueCommentCreated("acme/web", 1347, "@automations stop", "maria-dev", "MEMBER");
        await PostAsync(engine, "issue_comment", "c-stop", stop);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "killed");
        Assert.Equal(["+1"], _fakes.GitHub.Reactions(Id(stop)));

        // Resuming what cannot be resumed the way asked is answered with why, under the comment.
        var again = _fakes.GitHub.IssueCommentCreated("acme/web", 1347, "@automations stop", "maria-dev", "MEMBER");
        await PostAsync(engine, "issue_comment", "c-stop-again", again);
        Assert.Equal(["confused"], _fakes.GitHub.Reactions(Id(again)));
        Assert.Contains(_fakes.GitHub.Comments("acme/web", 1347), c => ((string)c["body"]!).StartsWith("@maria-dev Session", StringComparison.Ordinal) && ((string)c["body"]!).Contains("already ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopOnTheIssue_BeforeTheSessionsRunStarts_IsHonoured_AndNoAgentRuns()
    {
        var settings = _fakes.AutofixSettings(RecordingAgent);
        string sessionId;
        await using (var idle = await _fakes.Setup.StartAsync(new Dictionary<string, string>(settings) { ["Automations:Worker:Enabled"] = "false" }))
        {
            sessionId = await DeliverAsync(idle, "d-stop-early");
            var stop = _fakes.GitHub.IssueCommentCreated("acme/web", 1347, "@automations: stop", "maria-dev", "MEMBER");
            await PostAsync(idle, "issue_comment", "c-stop-early", stop);
            Assert.Equal("killed", Status(await idle.GetJsonAsync($"/api/sessions/{sessionId}")));
            Assert.Equal(["+1"], _fakes.GitHub.Reactions(Id(stop)));
        }

        // A worker takes the woken job: the session settles as stopped, and its agent never starts.
        await using var engine = await _fakes.Setup.StartAsync(settings);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "killed" && _fakes.Roots.Count == 1 && _fakes.Roots[0].Text.Contains("killed", StringComparison.Ordinal));
        Assert.Equal(0, await PromptsAsync(engine, sessionId));
        Assert.Empty(_fakes.GitHub.PullRequests);
    }

    [Fact]
    public async Task OutsidersComment_IsRefusedWithTheReasonOnTheDelivery_AndTheBotsOwnNeverSteers()
    {
        var (engine, sessionId, number) = await OpenAsync();
        await using var _ = engine;

        var outsider = _fakes.GitHub.IssueCommentCreated("acme/web", number, "@automations stop", "mallory", "NONE");
        await PostAsync(engine, "issue_comment", "c-outsider", outsider);
        var bot = _fakes.GitHub.IssueCommentCreated("acme/web", number, "@automations stop", "automations[bot]", "NONE");
        await PostAsync(engine, "issue_comment", "c-bot", bot);

        var delivery = await engine.GetJsonAsync("/api/deliveries/c-outsider");
        var refused = Assert.Single(delivery.GetProperty("refused").EnumerateArray());
        Assert.Equal("@automations", refused.GetProperty("automation").GetString());
        var reason = refused.GetProperty("reason").GetString()!;
        Assert.Contains(sessionId, reason, StringComparison.Ordinal);
        Assert.Contains("mallory", reason, StringComparison.Ordinal);
        Assert.Contains("NONE", reason, StringComparison.Ordinal);
        Assert.Equal(["confused"], _fakes.GitHub.Reactions(Id(outsider)));
        Assert.Empty(_fakes.GitHub.Reactions(Id(bot)));
        Assert.Equal(0, (await engine.GetJsonAsync("/api/deliveries/c-bot")).GetProperty("refused").GetArrayLength());

        var session = await engine.GetJsonAsync($"/api/sessions/{sessionId}");
        Assert.Equal("pr_open", Status(session));
        Assert.Equal(1, await PromptsAsync(engine, sessionId));
    }
}
