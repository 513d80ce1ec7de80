using Automations.Agents.Commands;
using Automations.Core.Ports;
using Automations.Testing;
using Automations.Testing.Models;

namespace Automations.Agents.Tests.Adapters;

/// <summary>The real Codex command line, run by the engine's runtime against a scripted Responses API.</summary>
public sealed class CodexAgentTests : IAsyncLifetime
{
    private readonly RealAgentHarness _harness = new();
    private readonly ScriptedOpenAI _model = new(ScriptedOpenAI.WriteFile("FIX.md"));

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the scripted model and the folders go with the test.
    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _harness.Dispose();
    }

    private AgentOptions Codex(AgentPrices? prices = null) => new()
    {
        Kind = AgentKinds.Codex,
        Command = AgentClis.Codex,
        Args = [.. _model.CodexArguments],
        Env = { [ScriptedOpenAI.ApiKeyVariable] = "sk-scripted" },
        Prices = prices,
    };

    [AgentCliFact]
    public async Task RunAsync_ScriptedCommand_ChangesTheWorkspace_AndReportsOrderedEvents()
    {
        var result = await _harness.RunAsync(Codex(), _harness.Run("Fix the typo in README."));

        Assert.True(result.Outcome == AgentOutcome.Succeeded, $"{result.Error}\n{_harness.Transcript()}");
        Assert.Equal("Fix the typo in README.\n", await File.ReadAllTextAsync(Path.Combine(_harness.Workspace, "FIX.md")));
        var events = _harness.Events;
        var started = Assert.Single(events.OfType<AgentStarted>());
        Assert.Equal(started.AgentSessionId, result.AgentSessionId);
        var toolStart = Assert.Single(events.OfType<AgentToolStart>());
        var toolEnd = Assert.Single(events.OfType<AgentToolEnd>());
        Assert.Equal(("shell", toolStart.Id, false), (toolStart.Name, toolEnd.Id, toolEnd.IsError));
        Assert.Contains("base64 -d > FIX.md", toolStart.Input!.Value.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.True(events.IndexOf(toolStart) < events.IndexOf(toolEnd));
        var report = Assert.Single(events.OfType<AgentTurnComplete>());
        Assert.True(events.IndexOf(toolEnd) < events.IndexOf(report));
        Assert.Equal((2L * ScriptedOpenAI.InputTokens, 2L * ScriptedOpenAI.OutputTokens), (report.Usage.InputTokens, report.Usage.OutputTokens));
        Assert.Null(report.CostUsd);
        Assert.All(_model.Requests, r => Assert.Equal(result.AgentSessionId, r.Session));
    }

    [AgentCliFact]
    public async Task RunAsync_FollowUp_ResumesTheThread_AndCountsOnlyItsOwnTokens()
    {
        var prices = new AgentPrices { InputPerMillion = 2m, OutputPerMillion = 8m };
        var first = await _harness.RunAsync(Codex(prices), _harness.Run("Write the first note."));
        var before = _model.Requests.Count;

        var second = await _harness.RunAsync(Codex(prices), _harness.Run("Now write the second note.", resume: first.AgentSessionId));

        Assert.True(second.Outcome == AgentOutcome.Succeeded, $"{second.Error}\n{_harness.Transcript()}");
        Assert.Equal(first.AgentSessionId, second.AgentSessionId);
        var resumed = _model.Requests.Skip(before).First();
        Assert.Equal(first.AgentSessionId, resumed.Session);
        Assert.Contains("Write the first note.", resumed.Body.GetProperty("input").ToString(), StringComparison.Ordinal);
        Assert.Equal("Now write the second note.\n", await File.ReadAllTextAsync(Path.Combine(_harness.Workspace, "FIX.md")));

        // Codex reports the thread's totals; the turn records what it added, priced from the configured prices.
        var report = Assert.Single(_harness.Events.OfType<AgentTurnComplete>());
        Assert.Equal((2L * ScriptedOpenAI.InputTokens, 2L * ScriptedOpenAI.OutputTokens), (report.Usage.InputTokens, report.Usage.OutputTokens));
        Assert.Equal(((200m * 2m) + (40m * 8m)) / 1_000_000m, report.CostUsd);
    }

    [AgentCliFact]
    public async Task RunAsync_Canceled_LeavesNoCodexProcessBehind()
    {
        _model.Script = _ => [new Say("Thinking"), new Hang()];
        var marker = Guid.NewGuid().ToString();
        var options = Codex();
        options.Env["MARKER"] = marker;
        using var cancel = new CancellationTokenSource();
        var run = _harness.RunAsync(options, _harness.Run("Take your time."), cancel.Token);
        await Waiting.UntilAsync(() => !_model.Requests.IsEmpty, TimeSpan.FromSeconds(60));

        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(AgentOutcome.Canceled, result.Outcome);
        // Stop kills the agent and its children within 5 s.
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWithEnvironment($"MARKER={marker}"), TimeSpan.FromSeconds(5), "the agent's processes to end");
    }
}
