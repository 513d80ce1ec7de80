using System.Net;
using System.Net.Http.Json;
using static Automations.Host.Tests.EndToEnd.ActionsFakes;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>A session's check run on its head commit, through the real executable against the fake GitHub.</summary>
public sealed class CheckRunTests : IAsyncLifetime
{
    /// <summary>Commits a fix on its first turn; asks a question on its second; takes the answer on its third.</summary>
    private const string AskingAgent = """
        if [ ! -f "$HOME/fixed" ]; then
          touch "$HOME/fixed"
          echo "fixed" > FIX.md
          echo "Fixed the login button."
          exit 0
        fi
        if [ ! -f "$HOME/asked" ]; then
          touch "$HOME/asked"
          echo "Which browser should I test first?" > "$AUTOMATIONS_QUESTION_FILE"
          exit 0
        fi
        echo "Tested it in the browser I was told."
        """;

    private ActionsFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ActionsFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task Session_CheckRunGoesInProgress_ThenActionRequiredOnAQuestion_ThenCompleted()
    {
        await using var engine = await _fakes.Setup.StartAsync(_fakes.AutofixSettings(AskingAgent));
        var sessionId = await DeliverAsync(engine, "d-check");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment"));

        using var followUp = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Test it in a browser too." });
        Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "needs_input" && _fakes.GitHub.CheckRunsMade("acme/web").Any(r => r.Conclusion == "action_required"));
        var waiting = Assert.Single(_fakes.GitHub.CheckRunsMade("acme/web"));
        Assert.Equal(("completed", "action_required"), (waiting.Status, waiting.Conclusion));
        Assert.Equal($"https://automations.example/sessions/{sessionId}", waiting.DetailsUrl);
        Assert.Contains("Which browser should I test first?", waiting.Summary, StringComparison.Ordinal);

        using var answer = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Safari." });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && _fakes.GitHub.CheckRunsMade("acme/web")[0].History.Count(h => h == "completed:success") == 2);

        var run = Assert.Single(_fakes.GitHub.CheckRunsMade("acme/web"));
        Assert.Equal("automations/autofix", run.Name);
        Assert.Equal(sessionId, run.ExternalId);
        Assert.Equal(Automations.Testing.GitRepository.Run(_fakes.Setup.Remote, "rev-parse", $"automations/autofix/{sessionId}").Trim(), run.HeadSha);
        Assert.Equal(["in_progress", "completed:success", "in_progress", "completed:action_required", "in_progress", "completed:success"], run.History);
        Assert.Contains("the session is pr_open", run.Summary, StringComparison.Ordinal);
        Assert.Contains("cost $", run.Summary, StringComparison.Ordinal);
        Assert.Contains("turns", run.Summary, StringComparison.Ordinal);
        Assert.Contains($"https://automations.example/sessions/{sessionId}", run.Summary, StringComparison.Ordinal);

        // Each write was asked once: made by POST, then updated by its stored id.
        Assert.Single(_fakes.GitHub.RequestsTo("POST", "/repos/acme/web/check-runs"));
        Assert.Equal(5, _fakes.GitHub.RequestsTo("PATCH", $"/repos/acme/web/check-runs/{run.Id}").Count);
    }

    [Fact]
    public async Task ASessionOnARepositoryOnThisMachine_GetsNoCheckRun_ThoughItsFoldersSpellAnOwnerAndName()
    {
        // A bare repository outside the git URL, named by its path, whose last two folders read acme/web.
        var local = _fakes.Setup.Combine("elsewhere", "acme", "web.git");
        Automations.Testing.GitRepository.CreateBare(local, new Dictionary<string, string> { ["README.md"] = "# web\n" });
        var settings = _fakes.AutofixSettings(RecordingAgent);
        _fakes.Setup.Definition("autofix.yaml", $$"""
            name: autofix
            on:
              - github: { event: issues.labeled, where: { payload.label.name: autofix } }
            repository: {{local}}
            agent: { use: demo, timeout: 2m }
            instructions: Fix it.
            """);
        await using var engine = await _fakes.Setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-check-local");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");

        Assert.Equal("web", session.GetProperty("repository").GetString());
        Assert.NotEmpty(Automations.Testing.GitRepository.Run(local, "rev-parse", $"automations/autofix/{sessionId}").Trim());
        Assert.Empty(session.GetProperty("actions").EnumerateArray());
        Assert.Empty(_fakes.GitHub.CheckRunsMade("acme/web"));
        Assert.Empty(_fakes.GitHub.RequestsTo("POST", "/repos/acme/web/check-runs"));
    }

    [Fact]
    public async Task CheckRunsOff_NoCheckRunIsMade()
    {
        await using var engine = await _fakes.Setup.StartAsync(_fakes.AutofixSettings(RecordingAgent, ("Automations:GitHub:CheckRuns", "false")));
        var sessionId = await DeliverAsync(engine, "d-check-off");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "pr_open" && ActionDone(engine, sessionId, "comment"));

        Assert.Empty(_fakes.GitHub.CheckRunsMade("acme/web"));
        Assert.Single(_fakes.GitHub.PullRequests);
    }
}
