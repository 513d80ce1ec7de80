using Automations.Agents.Adapters;
using Automations.Agents.Adapters.ClaudeCode;
using Automations.Agents.Adapters.Codex;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Adapters;

/// <summary>Lines shaped as the command lines print them, for the cases the scripted model cannot easily provoke.</summary>
public sealed class StreamParserTests : IDisposable
{
    private readonly TempDirectory _directory = new("parser");

    public void Dispose() => _directory.Dispose();

    private static List<AgentEvent> Parse(IAgentStreamParser parser, params string[] lines)
    {
        var events = new List<AgentEvent>();
        foreach (var line in lines)
        {
            parser.Parse(line.StartsWith("stderr:", StringComparison.Ordinal) ? "stderr" : "stdout", line.StartsWith("stderr:", StringComparison.Ordinal) ? line[7..] : line, events);
        }

        return events;
    }

    [Fact]
    public void Claude_PlainLinesAndStderr_AreKeptAsLogs()
    {
        var events = Parse(new ClaudeStreamParser(), "not json", "stderr:warning: something", "{\"type\":\"rate_limit_event\"}");

        Assert.Equal(
            [new AgentLog("stdout", "not json"), new AgentLog("stderr", "warning: something"), new AgentLog("stdout", "{\"type\":\"rate_limit_event\"}")],
            events);
    }

    [Fact]
    public void Claude_AgentDiesMidTool_ToolStillEnds_AsAnError()
    {
        var parser = new ClaudeStreamParser();
        var events = Parse(parser, """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_9","name":"Bash","input":{"command":"sleep 100"}}]},"session_id":"abc"}""");

        var end = new List<AgentEvent>();
        parser.Complete(137, end);

        Assert.IsType<AgentToolStart>(Assert.Single(events));
        var toolEnd = Assert.IsType<AgentToolEnd>(Assert.Single(end));
        Assert.Equal(("toolu_9", "Bash", true), (toolEnd.Id, toolEnd.Name, toolEnd.IsError));
    }

    [Fact]
    public void Claude_ResultPastItsTurnLimit_IsAnErrorReportWithTheReason()
    {
        var events = Parse(new ClaudeStreamParser(), """{"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":5,"session_id":"abc","total_cost_usd":0.5,"usage":{"input_tokens":10,"output_tokens":2,"cache_read_input_tokens":3,"cache_creation_input_tokens":4},"permission_denials":[]}""");

        var report = Assert.IsType<AgentTurnComplete>(Assert.Single(events));
        Assert.True(report.IsError);
        Assert.Equal("the agent reached its turn limit (agent.max_turns)", report.ResultText);
        Assert.Equal((0.5m, 5, "abc"), (report.CostUsd!.Value, report.Turns!.Value, report.AgentSessionId!));
        Assert.Equal(new AgentUsage(10, 2, 3, 4), report.Usage);
    }

    private const string AskInput = """{"questions":[{"question":"Which browser first?","header":"Browser","options":[{"label":"Firefox","description":"most users"},{"label":"Chromium"}],"multiSelect":false}]}""";

    [Fact]
    public void Claude_AskUserQuestionRefusedHeadless_IsTheQuestionWithItsChoices_NotAPermission()
    {
        var events = Parse(
            new ClaudeStreamParser(),
            $$$"""{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_1","name":"AskUserQuestion","input":{{{AskInput}}}}]},"session_id":"abc"}""",
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":true,"content":"Answer questions?"}]}}""",
            $$$"""{"type":"result","subtype":"success","is_error":false,"num_turns":1,"session_id":"abc","permission_denials":[{"tool_name":"AskUserQuestion","tool_use_id":"toolu_1","tool_input":{{{AskInput}}}}]}""");

        var question = Assert.Single(events.OfType<AgentQuestion>());
        var asked = Assert.Single(question.Questions!);
        Assert.Equal(("Which browser first?", "Browser", 2), (asked.Question, asked.Header, asked.Options.Count));
        Assert.Equal("Browser: Which browser first? (choose one)\n- Firefox: most users\n- Chromium", question.Text);
        Assert.Empty(events.OfType<AgentTurnComplete>().Single().PermissionDenials);
    }

    [Fact]
    public void Claude_AskUserQuestionOnlyInTheDenials_AndABashDenial_MakeTwoQuestions()
    {
        var events = Parse(
            new ClaudeStreamParser(),
            $$$"""{"type":"result","subtype":"success","is_error":false,"session_id":"abc","permission_denials":[{"tool_name":"AskUserQuestion","tool_use_id":"toolu_2","tool_input":{{{AskInput}}}},{"tool_name":"Bash","tool_use_id":"toolu_3","tool_input":{"command":"rm -rf build"}}]}""");

        var questions = events.OfType<AgentQuestion>().ToList();
        Assert.Equal(2, questions.Count);
        Assert.Equal("Firefox", questions[0].Questions![0].Options[0].Label);
        Assert.Null(questions[1].Questions);
        Assert.Contains("- Bash: rm -rf build", questions[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Claude_AskUserQuestionAnswered_OrMalformed_AsksNothingWithChoices()
    {
        var answered = Parse(
            new ClaudeStreamParser(),
            $$$"""{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_4","name":"AskUserQuestion","input":{{{AskInput}}}}]}}""",
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_4","content":"Browser: Firefox"}]}}""",
            """{"type":"result","subtype":"success","is_error":false,"permission_denials":[]}""");
        var malformed = Parse(
            new ClaudeStreamParser(),
            """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_5","name":"AskUserQuestion","input":{"questions":"which?"}}]}}""",
            """{"type":"result","subtype":"success","is_error":false,"permission_denials":[{"tool_name":"AskUserQuestion","tool_use_id":"toolu_5","tool_input":{"questions":"which?"}}]}""");

        Assert.Empty(answered.OfType<AgentQuestion>());
        var refused = Assert.Single(malformed.OfType<AgentQuestion>());
        Assert.Null(refused.Questions);
        Assert.Contains("AskUserQuestion", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Claude_Thinking_IsKeptAsItStreams_AndNotTwiceFromTheWholeMessage()
    {
        var events = Parse(
            new ClaudeStreamParser(),
            """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The test "}}}""",
            """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"fails on null."}}}""",
            """{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"The test fails on null.","signature":"x"},{"type":"text","text":"Fixing."}]}}""");
        var whole = Parse(new ClaudeStreamParser(), """{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"Only whole."}]}}""");

        Assert.Equal([new AgentThinking("The test "), new AgentThinking("fails on null."), new AgentText("Fixing.")], events);
        Assert.Equal([new AgentThinking("Only whole.")], whole);
    }

    [Fact]
    public void Codex_FileChangeReportedOnlyWhenDone_GetsItsStartAndEnd()
    {
        var events = Parse(
            new CodexStreamParser(_directory.Combine("usage.json")),
            """{"type":"thread.started","thread_id":"t-1"}""",
            """{"type":"item.completed","item":{"id":"item_3","type":"file_change","changes":[{"path":"src/a.cs","kind":"update"}],"status":"completed"}}""");

        Assert.Equal(new AgentStarted("t-1", null), events[0]);
        var start = Assert.IsType<AgentToolStart>(events[1]);
        var end = Assert.IsType<AgentToolEnd>(events[2]);
        Assert.Equal(("apply_patch", "item_3", false, "update src/a.cs"), (start.Name, end.Id, end.IsError, end.Output));
    }

    [Fact]
    public void Codex_FailedCommandErrorAndFailedTurn_AreReported()
    {
        var events = Parse(
            new CodexStreamParser(_directory.Combine("usage.json")),
            """{"type":"thread.started","thread_id":"t-2"}""",
            """{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"make test","aggregated_output":"","exit_code":null,"status":"in_progress"}}""",
            """{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"make test","aggregated_output":"FAIL","exit_code":2,"status":"failed"}}""",
            """{"type":"error","message":"Reconnecting... 1/5"}""",
            """{"type":"turn.failed","error":{"message":"stream disconnected before completion"}}""");

        var end = Assert.Single(events.OfType<AgentToolEnd>());
        Assert.Equal((true, "FAIL"), (end.IsError, end.Output));
        Assert.Equal("Reconnecting... 1/5", Assert.Single(events.OfType<AgentBlocked>()).Reason);
        var report = Assert.Single(events.OfType<AgentTurnComplete>());
        Assert.Equal((true, "stream disconnected before completion", "t-2"), (report.IsError, report.ResultText, report.AgentSessionId));
    }
}
