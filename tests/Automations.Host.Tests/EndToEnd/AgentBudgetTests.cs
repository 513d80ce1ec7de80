using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automations.Testing;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// Cost, budgets and resumes through the real executable, with a stand-in for Claude Code
/// (<see cref="ClaudeStandIn"/>). The daily budget, which turns on the day, is tested on a manual clock
/// (<see cref="Sessions.DailyBudgetTests"/>).
/// </summary>
public sealed class AgentBudgetTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public AgentBudgetTests() => StandIn = _setup.Agent("claude-stand-in", ClaudeStandIn.Script);

    private string StandIn { get; }

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private Dictionary<string, string> Settings(string cost) => _setup.Settings(
        StandIn,
        ("Automations:Agents:demo:Kind", "claude-code"),
        ($"Automations:Agents:demo:Env:{ClaudeStandIn.CostVariable}", cost));

    private void Definition(string extra, string agentExtra = "") => _setup.Definition("budget.yaml", $$$"""
        name: budget
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        agent: { use: demo, timeout: 2m{{{agentExtra}}} }
        instructions: "Fix issue #{{ event.subject.number }}."
        {{{extra}}}
        """);

    private async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    private string[] Args(string sessionId)
    {
        var log = Path.Combine(_setup.DataDir, "workspaces", sessionId, "home", "args.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    [Fact]
    public async Task ClaudeStream_BecomesOrderedEvents_AndCostTokensAndTurnsLandOnTheSession()
    {
        Definition(string.Empty);
        await using var engine = await _setup.StartAsync(Settings("0.0123"));
        var sessionId = await DeliverAsync(engine, "d-cost");

        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored");

        Assert.Equal("done", Status(session));
        Assert.Equal(0.0123m, session.GetProperty("costUsd").GetDecimal());
        Assert.Equal(2, session.GetProperty("turns").GetInt32());
        Assert.Equal(1200, session.GetProperty("tokens").GetProperty("input").GetInt64());
        var events = (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.True(types.IndexOf("tool_start") < types.IndexOf("tool_end"), string.Join(",", types));
        var complete = events.Single(e => e.GetProperty("type").GetString() == "message_complete").GetProperty("data");
        Assert.Equal(0.0123m, complete.GetProperty("costUsd").GetDecimal());
        Assert.Equal(2, complete.GetProperty("turns").GetInt32());
        Assert.Contains("Fix issue #1347.", GitRepository.Show(_setup.Remote, $"automations/budget/{sessionId}", "WORK.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_ResumesTheAgentsOwnSession()
    {
        Definition(string.Empty);
        await using var engine = await _setup.StartAsync(Settings("0.01"));
        var sessionId = await DeliverAsync(engine, "d-resume");
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done");
        var first = Assert.Single(Args(sessionId));
        var chosen = first.Split(' ').SkipWhile(a => a != "--session-id").Skip(1).First();

        using var posted = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Now add a test." });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && Args(sessionId).Length == 2);

        Assert.Contains($"--resume {chosen}", Args(sessionId)[1], StringComparison.Ordinal);
        Assert.DoesNotContain("--session-id", Args(sessionId)[1], StringComparison.Ordinal);
        Assert.Equal(0.02m, (await engine.GetJsonAsync($"/api/sessions/{sessionId}")).GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task MaxCost_SessionPastItsBudget_IsStoppedWithTheReason()
    {
        Definition(string.Empty, ", max_cost_usd: 0.05");
        await using var engine = await _setup.StartAsync(Settings("0.08"));
        var sessionId = await DeliverAsync(engine, "d-max");

        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored");

        Assert.Equal("errored", Status(session));
        Assert.Contains("past its budget of $0.05", session.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("--max-budget-usd 0.05", Assert.Single(Args(sessionId)), StringComparison.Ordinal);

        // A follow-up cannot spend more: the budget is spent, and no agent starts.
        using var posted = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Try again." });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var refused = await engine.WaitForSessionAsync(sessionId, s => Status(s) == "errored" && s.GetProperty("error").GetString()!.Contains("has spent", StringComparison.Ordinal));
        Assert.Contains("has spent $0.08 of its $0.05 budget", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(Args(sessionId));
    }
}
