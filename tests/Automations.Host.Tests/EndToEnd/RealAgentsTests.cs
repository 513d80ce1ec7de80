using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automations.Testing;
using Automations.Testing.Models;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>
/// The real Claude Code and Codex command lines, run by the real engine against scripted models on
/// 127.0.0.1: a delivery becomes a pushed branch holding what the agent wrote, its stream becomes ordered
/// session events, and people steer it with follow-ups and answers that resume the agent's own session.
/// </summary>
public sealed class RealAgentsTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private static string Status(JsonElement session) => session.GetProperty("status").GetString()!;

    private static string? Type(JsonElement e) => e.GetProperty("type").GetString();

    private void Definition(string agent) => _setup.Definition("autofix.yaml", $$$"""
        name: autofix
        on:
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
        repository: "{{ event.repository }}"
        agent: { use: {{{agent}}}, timeout: 3m }
        instructions: "Fix issue #{{ event.subject.number }}: {{ event.subject.title }}"
        """);

    private Dictionary<string, string> ClaudeSettings(ScriptedAnthropic model) => _setup.Settings(
        "unused",
        ("Automations:Agents:claude:Kind", "claude-code"),
        ("Automations:Agents:claude:Command", AgentClis.Claude),
        ("Automations:Agents:claude:Args:0", "--model"),
        ("Automations:Agents:claude:Args:1", "claude-sonnet-4-5"),
        ("Automations:Agents:claude:Env:ANTHROPIC_BASE_URL", model.BaseUrl),
        ("Automations:Agents:claude:Env:ANTHROPIC_API_KEY", "sk-ant-scripted"));

    private async Task<string> DeliverAsync(EngineProcess engine, string deliveryId)
    {
        var body = EngineSetup.Payload("issues-labeled.json");
        using var response = await engine.PostGitHubAsync("issues", deliveryId, body, EngineSetup.Sign(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0].GetString()!;
    }

    private static async Task<List<JsonElement>> EventsAsync(EngineProcess engine, string sessionId) =>
        [.. (await engine.GetJsonAsync($"/api/sessions/{sessionId}/events")).EnumerateArray()];

    /// <summary>The turn's events are ordered: prompt, then each tool_start before its tool_end, then message_complete.</summary>
    private static JsonElement AssertOrderedTurn(List<JsonElement> events, string tool)
    {
        var types = events.Select(Type).ToList();
        var starts = events.Where(e => Type(e) == "tool_start").ToList();
        var start = Assert.Single(starts, e => e.GetProperty("data").GetProperty("name").GetString() == tool);
        var id = start.GetProperty("data").GetProperty("id").GetString();
        var end = Assert.Single(events, e => Type(e) == "tool_end" && e.GetProperty("data").GetProperty("id").GetString() == id);
        var complete = events.Last(e => Type(e) == "message_complete");
        var seq = (JsonElement e) => e.GetProperty("seq").GetInt64();
        Assert.True(seq(events.First(e => Type(e) == "prompt")) < seq(start), string.Join(",", types));
        Assert.True(seq(start) < seq(end) && seq(end) < seq(complete), string.Join(",", types));
        Assert.Contains(events, e => Type(e) == "token" && e.GetProperty("data").GetProperty("stream").GetString() == "assistant");
        return complete.GetProperty("data");
    }

    [AgentCliFact]
    public async Task Claude_RealCliAgainstScriptedModel_PushesTheFileItWrote_WithOrderedEventsAndCost()
    {
        await using var model = new ScriptedAnthropic(ScriptedAnthropic.WriteFile("FIX.md"));
        Definition("claude");
        await using var engine = await _setup.StartAsync(ClaudeSettings(model));

        var sessionId = await DeliverAsync(engine, "d-claude");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored");

        Assert.True(Status(session) == "done", session.ToString());
        var complete = AssertOrderedTurn(await EventsAsync(engine, sessionId), "Write");
        Assert.Equal("succeeded", complete.GetProperty("outcome").GetString());
        Assert.Equal(2, complete.GetProperty("turns").GetInt32());
        var cost = complete.GetProperty("costUsd").GetDecimal();
        Assert.True(cost > 0);
        Assert.Equal(cost, session.GetProperty("costUsd").GetDecimal());
        Assert.Equal(2, session.GetProperty("turns").GetInt32());
        Assert.Equal(2L * ScriptedAnthropic.InputTokens, session.GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Contains("Fix issue #1347", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md"), StringComparison.Ordinal);
    }

    [SandboxedAgentCliFact]
    public async Task Claude_Sandboxed_EditsAFileAndRunsBashInOneSession_AndTheBranchHoldsTheEdit()
    {
        // Write, then `git status` through the Bash tool, then done: in the sandbox Claude may run commands unasked.
        await using var model = new ScriptedAnthropic(request =>
            request.ToolResults.Any(r => r.Contains("?? FIX.md", StringComparison.Ordinal)) ? [new Say("The fix is in place.")]
            : request.AfterToolResult ? [new Call("Bash", new { command = "git status --short", description = "Show what changed" })]
            : ScriptedAnthropic.WriteFile("FIX.md")(request));
        Definition("claude");
        await using var engine = await _setup.StartAsync(ClaudeSettings(model));

        var sessionId = await DeliverAsync(engine, "d-claude-sandboxed");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored" or "needs_input");

        Assert.True(Status(session) == "done", session.ToString());
        Assert.True(session.GetProperty("sandboxed").GetBoolean());
        var events = await EventsAsync(engine, sessionId);
        AssertOrderedTurn(events, "Write");
        var bash = AssertOrderedTurn(events, "Bash");
        Assert.Equal("succeeded", bash.GetProperty("outcome").GetString());
        var status = events.Single(e => Type(e) == "tool_end" && e.GetProperty("data").GetProperty("name").GetString() == "Bash").GetProperty("data");
        Assert.False(status.GetProperty("isError").GetBoolean());
        Assert.Contains("?? FIX.md", status.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("Fix issue #1347", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md"), StringComparison.Ordinal);
    }

    [AgentCliFact]
    public async Task Claude_Question_NeedsInput_AnswerAndFollowUp_ResumeTheAgentsSession()
    {
        // The model wants to run the tests; Claude, allowed only edits, refuses it the Bash tool, so the session asks a person.
        await using var model = new ScriptedAnthropic(request =>
            request.Prompt.StartsWith("Skip", StringComparison.Ordinal) || request.Prompt.StartsWith("Also", StringComparison.Ordinal)
                ? ScriptedAnthropic.WriteFile("FIX.md")(request)
                : request.AfterToolResult ? [new Say("I need to run the tests first.")] : [new Call("Bash", new { command = "make test" })]);
        Definition("claude");
        var settings = ClaudeSettings(model);
        settings["Automations:Agents:claude:Args:2"] = "--permission-mode";
        settings["Automations:Agents:claude:Args:3"] = "acceptEdits";
        await using var engine = await _setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-question");

        var asking = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "needs_input" or "done" or "errored");
        Assert.True(Status(asking) == "needs_input", asking.ToString());
        Assert.Contains("Bash: make test", asking.GetProperty("question").GetString(), StringComparison.Ordinal);
        Assert.Equal("waiting_input", asking.GetProperty("activity").GetString());
        var agentSession = model.Turns[0].Session;

        using (var answer = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Skip the tests and write the fix." }))
        {
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored");
        Assert.Equal("Skip the tests and write the fix.", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md"));

        using (var followUp = await engine.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/messages", new { text = "Also mention the issue number." }))
        {
            Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        }

        await engine.WaitForSessionAsync(sessionId, s => Status(s) == "done" && GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md").StartsWith("Also", StringComparison.Ordinal));

        // Every turn, first, answer and follow-up, spoke in the one conversation Claude keeps for the session.
        Assert.All(model.Turns, t => Assert.Equal(agentSession, t.Session));
        var last = model.Turns[^1].Body.GetProperty("messages").ToString();
        Assert.Contains("Fix issue #1347", last, StringComparison.Ordinal);
        Assert.Contains("Skip the tests and write the fix.", last, StringComparison.Ordinal);
        var prompts = (await EventsAsync(engine, sessionId)).Where(e => Type(e) == "prompt").Select(e => e.GetProperty("data").GetProperty("resume").GetBoolean()).ToList();
        Assert.Equal([false, true, true], prompts);
    }

    [AgentCliFact]
    public async Task Codex_RealCliAgainstScriptedModel_PushesTheFileItWrote_WithOrderedEventsAndTokens()
    {
        await using var model = new ScriptedOpenAI(ScriptedOpenAI.WriteFile("FIX.md"));
        Definition("codex");
        var settings = _setup.Settings(
            "unused",
            ("Automations:Agents:codex:Kind", "codex"),
            ("Automations:Agents:codex:Command", AgentClis.Codex),
            ($"Automations:Agents:codex:Env:{ScriptedOpenAI.ApiKeyVariable}", "sk-scripted"),
            ("Automations:Agents:codex:Prices:InputPerMillion", "2"),
            ("Automations:Agents:codex:Prices:OutputPerMillion", "8"));
        for (var i = 0; i < model.CodexArguments.Count; i++)
        {
            settings[$"Automations:Agents:codex:Args:{i}"] = model.CodexArguments[i];
        }

        await using var engine = await _setup.StartAsync(settings);
        var sessionId = await DeliverAsync(engine, "d-codex");
        var session = await engine.WaitForSessionAsync(sessionId, s => Status(s) is "done" or "errored");

        Assert.True(Status(session) == "done", session.ToString());
        var complete = AssertOrderedTurn(await EventsAsync(engine, sessionId), "shell");
        Assert.Equal(2L * ScriptedOpenAI.InputTokens, complete.GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Equal(((200m * 2m) + (40m * 8m)) / 1_000_000m, session.GetProperty("costUsd").GetDecimal());
        Assert.Equal(model.Requests.First().Session, complete.GetProperty("agentSessionId").GetString());
        Assert.Contains("Fix issue #1347", GitRepository.Show(_setup.Remote, $"automations/autofix/{sessionId}", "FIX.md"), StringComparison.Ordinal);
    }
}
