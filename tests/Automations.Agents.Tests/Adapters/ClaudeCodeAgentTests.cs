using Automations.Agents.Commands;
using Automations.Core.Ports;
using Automations.Testing;
using Automations.Testing.Models;

namespace Automations.Agents.Tests.Adapters;

/// <summary>The real Claude Code command line, run by the engine's runtime against a scripted Messages API.</summary>
public sealed class ClaudeCodeAgentTests : IAsyncLifetime
{
    private readonly RealAgentHarness _harness = new();
    private readonly ScriptedAnthropic _model = new(ScriptedAnthropic.WriteFile("FIX.md"));

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the scripted model and the folders go with the test.
    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _harness.Dispose();
    }

    private AgentOptions Claude() => new()
    {
        Kind = AgentKinds.ClaudeCode,
        Command = AgentClis.Claude,
        Args = ["--model", "claude-sonnet-4-5"],
        Env = { ["ANTHROPIC_BASE_URL"] = _model.BaseUrl, ["ANTHROPIC_API_KEY"] = "sk-ant-scripted" },
    };

    [AgentCliFact]
    public async Task RunAsync_ScriptedWrite_ChangesTheWorkspace_AndReportsOrderedEvents()
    {
        var chosen = Guid.NewGuid().ToString();

        var result = await _harness.RunAsync(Claude(), _harness.Run("Fix the typo in README.", chosen: chosen));

        Assert.True(result.Outcome == AgentOutcome.Succeeded, $"{result.Error}\n{_harness.Transcript()}");
        Assert.Equal("Fix the typo in README.\n", await File.ReadAllTextAsync(Path.Combine(_harness.Workspace, "FIX.md")));
        Assert.Equal(chosen, result.AgentSessionId);
        var events = _harness.Events;
        var started = Assert.IsType<AgentStarted>(events[events.FindIndex(e => e is AgentStarted)]);
        Assert.Equal(chosen, started.AgentSessionId);
        var toolStart = Assert.Single(events.OfType<AgentToolStart>());
        var toolEnd = Assert.Single(events.OfType<AgentToolEnd>());
        Assert.Equal(("Write", toolStart.Id, false), (toolStart.Name, toolEnd.Id, toolEnd.IsError));
        Assert.True(events.IndexOf(toolStart) < events.IndexOf(toolEnd));
        // Text arrives as the model streams it, piece by piece.
        Assert.Equal("I will write FIX.md.Done: FIX.md is written.", string.Concat(events.OfType<AgentText>().Select(t => t.Text)));
        var report = Assert.Single(events.OfType<AgentTurnComplete>());
        Assert.True(events.IndexOf(toolEnd) < events.IndexOf(report));
        Assert.Equal(2, report.Turns);
        Assert.True(report.CostUsd > 0, $"cost {report.CostUsd}");
        Assert.Equal(2L * ScriptedAnthropic.InputTokens, report.Usage.InputTokens);
        Assert.False(report.IsError);
        Assert.All(_model.Turns, r => Assert.Equal(chosen, r.Session));
    }

    [AgentCliFact]
    public async Task RunAsync_FollowUp_ResumesTheAgentsOwnConversation()
    {
        var first = await _harness.RunAsync(Claude(), _harness.Run("Write the first note."));
        var turnsBefore = _model.Turns.Count;

        var second = await _harness.RunAsync(Claude(), _harness.Run("Now write the second note.", resume: first.AgentSessionId));

        Assert.Equal(AgentOutcome.Succeeded, second.Outcome);
        Assert.Equal(first.AgentSessionId, second.AgentSessionId);
        var resumed = _model.Turns.Skip(turnsBefore).First();
        Assert.Equal(first.AgentSessionId, resumed.Session);
        Assert.Contains("Write the first note.", resumed.Body.GetProperty("messages").ToString(), StringComparison.Ordinal);
        Assert.Equal("Now write the second note.\n", await File.ReadAllTextAsync(Path.Combine(_harness.Workspace, "FIX.md")));
    }

    [AgentCliFact]
    public async Task RunAsync_RefusedTool_EndsTheTurnWithAQuestion()
    {
        _model.Script = request => request.AfterToolResult
            ? [new Say("I could not run the tests.")]
            : [new Call("Bash", new { command = "make test", description = "Run the tests" })];

        // Only edits are allowed, as unsandboxed: the Bash call is refused.
        var options = Claude();
        options.Args = ["--permission-mode", "acceptEdits"];

        var result = await _harness.RunAsync(options, _harness.Run("Run the tests."));

        Assert.Equal(AgentOutcome.Succeeded, result.Outcome);
        var report = Assert.Single(_harness.Events.OfType<AgentTurnComplete>());
        Assert.Equal(["Bash"], report.PermissionDenials);
        var question = Assert.Single(_harness.Events.OfType<AgentQuestion>());
        Assert.Contains("Bash: make test", question.Text, StringComparison.Ordinal);
    }

    [AgentCliFact]
    public async Task RunAsync_ModelOverloaded_IsBlockedWhileClaudeRetries_ThenFinishes()
    {
        _model.FailNext(2, 529);

        var result = await _harness.RunAsync(Claude(), _harness.Run("Fix it."));

        Assert.True(result.Outcome == AgentOutcome.Succeeded, $"{result.Error}\n{_harness.Transcript()}");
        Assert.NotEmpty(_harness.Events.OfType<AgentBlocked>());
        Assert.True(_harness.Events.FindIndex(e => e is AgentBlocked) < _harness.Events.FindIndex(e => e is AgentToolStart));
        Assert.True(File.Exists(Path.Combine(_harness.Workspace, "FIX.md")));
    }

    [AgentCliFact]
    public async Task RunAsync_Canceled_LeavesNoClaudeProcessBehind()
    {
        _model.Script = _ => [new Say("Thinking"), new Hang()];
        var marker = Guid.NewGuid().ToString();
        var options = Claude();
        options.Env["MARKER"] = marker;
        using var cancel = new CancellationTokenSource();
        var run = _harness.RunAsync(options, _harness.Run("Take your time."), cancel.Token);
        await Waiting.UntilAsync(() => _model.Turns.Count > 0, TimeSpan.FromSeconds(60));

        await cancel.CancelAsync();
        var result = await run;

        Assert.True(result.Outcome == AgentOutcome.Canceled, $"{result.Outcome} {result.ExitCode} {result.Error}\n{_harness.Transcript()}");
        // Stop kills the agent and its children within 5 s.
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWithEnvironment($"MARKER={marker}"), TimeSpan.FromSeconds(5), "the agent's processes to end");
    }
}
