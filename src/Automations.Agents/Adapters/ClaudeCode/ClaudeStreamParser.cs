using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Agents.Adapters.ClaudeCode;

/// <summary>
/// Reads Claude Code's <c>stream-json</c> output, one JSON object a line:
/// <list type="bullet">
/// <item><c>system</c>/<c>init</c>: the agent's session id and model; <c>system</c>/<c>api_retry</c>: the model is unreachable and Claude retries (blocked).</item>
/// <item><c>stream_event</c> (<c>--include-partial-messages</c>): text and thinking deltas as they arrive.</item>
/// <item><c>assistant</c>: whole messages; their <c>tool_use</c> blocks start tool calls (their text and thinking too, when no deltas came).</item>
/// <item><c>user</c>: <c>tool_result</c> blocks end them, paired by tool-use id.</item>
/// <item><c>result</c>: the turn's report (cost, turns, usage, the agent's session id); tools it was refused make a question.</item>
/// <item>An <c>AskUserQuestion</c> call that nobody answered (headless, it is refused or fails) makes the same
/// question with its choices, for a person to answer.</item>
/// </list>
/// Anything else, and standard error, is kept as a log line.
/// </summary>
internal sealed class ClaudeStreamParser : IAgentStreamParser
{
    private const string AskTool = "AskUserQuestion";

    private readonly OpenToolCalls _openTools = new();

    /// <summary>The questions of <c>AskUserQuestion</c> calls of this turn not answered yet, by tool-use id.</summary>
    private readonly List<(string Id, IReadOnlyList<StructuredQuestion> Questions)> _asked = [];
    private string? _sessionId;
    private bool _streamsText;
    private bool _streamsThinking;

    public void Parse(string stream, string line, ICollection<AgentEvent> events)
    {
        if (stream != "stdout" || !AgentJson.TryParse(line, out var root))
        {
            events.Add(new AgentLog(stream, line));
            return;
        }

        switch (AgentJson.Text(root, "type"))
        {
            case "system":
                System(root, line, events);
                break;
            case "stream_event":
                Delta(root, events);
                break;
            case "assistant":
                Assistant(root, events);
                break;
            case "user":
                ToolResults(root, events);
                break;
            case "result":
                Result(root, events);
                break;
            default:
                events.Add(new AgentLog(stream, line));
                break;
        }
    }

    public string? Complete(int? exitCode, ICollection<AgentEvent> events)
    {
        _openTools.EndAll(events);
        return _sessionId;
    }

    private void System(JsonElement root, string line, ICollection<AgentEvent> events)
    {
        switch (AgentJson.Text(root, "subtype"))
        {
            case "init":
                _sessionId = AgentJson.Text(root, "session_id") ?? _sessionId;
                events.Add(new AgentStarted(_sessionId, AgentJson.Text(root, "model")));
                break;
            case "api_retry":
                var attempt = AgentJson.Int(root, "attempt");
                var max = AgentJson.Int(root, "max_retries");
                var error = AgentJson.Text(root, "error") ?? (root.TryGetProperty("error_status", out var status) ? status.ToString() : "unknown error");
                events.Add(new AgentBlocked($"the model API is unreachable ({error}); retry {attempt?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {max?.ToString(CultureInfo.InvariantCulture) ?? "?"}"));
                break;
            default:
                events.Add(new AgentLog("stdout", line));
                break;
        }
    }

    private void Delta(JsonElement root, ICollection<AgentEvent> events)
    {
        if (!root.TryGetProperty("event", out var streamed) || AgentJson.Text(streamed, "type") != "content_block_delta" || !streamed.TryGetProperty("delta", out var delta))
        {
            return;
        }

        switch (AgentJson.Text(delta, "type"))
        {
            case "text_delta" when AgentJson.Text(delta, "text") is { Length: > 0 } piece:
                _streamsText = true;
                events.Add(new AgentText(piece));
                break;
            case "thinking_delta" when AgentJson.Text(delta, "thinking") is { Length: > 0 } thought:
                _streamsThinking = true;
                events.Add(new AgentThinking(thought));
                break;
        }
    }

    private void Assistant(JsonElement root, ICollection<AgentEvent> events)
    {
        if (!root.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            switch (AgentJson.Text(block, "type"))
            {
                case "text" when !_streamsText && AgentJson.Text(block, "text") is { Length: > 0 } text:
                    events.Add(new AgentText(text));
                    break;
                case "thinking" when !_streamsThinking && AgentJson.Text(block, "thinking") is { Length: > 0 } thought:
                    events.Add(new AgentThinking(thought));
                    break;
                case "tool_use" when AgentJson.Text(block, "id") is { } id:
                    var name = AgentJson.Text(block, "name") ?? "tool";
                    _openTools.Begin(id, name);
                    var input = block.TryGetProperty("input", out var given) ? given.Clone() : (JsonElement?)null;
                    if (name == AskTool && input is { } asked && StructuredQuestions.Read(asked) is { } questions)
                    {
                        _asked.Add((id, questions));
                    }

                    events.Add(new AgentToolStart(id, name, input));
                    break;
            }
        }
    }

    private void ToolResults(JsonElement root, ICollection<AgentEvent> events)
    {
        if (!root.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (AgentJson.Text(block, "type") != "tool_result" || AgentJson.Text(block, "tool_use_id") is not { } id)
            {
                continue;
            }

            _openTools.End(id, out var name);
            var isError = AgentJson.IsTrue(block, "is_error");
            if (!isError)
            {
                // Answered (by a hook or a host that can): nothing waits for a person.
                _asked.RemoveAll(a => a.Id == id);
            }

            events.Add(new AgentToolEnd(id, name, isError, AgentArguments.Excerpt(ResultText(block))));
        }
    }

    private void Result(JsonElement root, ICollection<AgentEvent> events)
    {
        _sessionId = AgentJson.Text(root, "session_id") ?? _sessionId;
        var subtype = AgentJson.Text(root, "subtype") ?? "success";
        var isError = AgentJson.IsTrue(root, "is_error") || subtype != "success";
        var denials = new List<string>();
        var asked = new StringBuilder();
        if (root.TryGetProperty("permission_denials", out var denied) && denied.ValueKind == JsonValueKind.Array)
        {
            foreach (var denial in denied.EnumerateArray())
            {
                var tool = AgentJson.Text(denial, "tool_name") ?? "a tool";
                if (tool == AskTool && Asked(denial))
                {
                    continue;
                }

                denials.Add(tool);
                var input = denial.TryGetProperty("tool_input", out var i) ? Describe(i) : null;
                asked.Append(CultureInfo.InvariantCulture, $"- {tool}{(input is null ? string.Empty : $": {input}")}\n");
            }
        }

        events.Add(new AgentTurnComplete
        {
            AgentSessionId = _sessionId,
            // Claude prints a JavaScript double (0.0012000000000000001): ten places are more than any price needs.
            CostUsd = root.TryGetProperty("total_cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number ? Math.Round(cost.GetDecimal(), 10) : null,
            Turns = AgentJson.Int(root, "num_turns"),
            Usage = Usage(root),
            ResultText = AgentJson.Text(root, "result") ?? Describe(subtype),
            IsError = isError,
            PermissionDenials = denials,
        });

        if (_asked.Count > 0)
        {
            events.Add(AgentQuestion.Of([.. _asked.SelectMany(a => a.Questions)]));
            _asked.Clear();
        }

        if (denials.Count > 0)
        {
            events.Add(new AgentQuestion($"Claude Code was refused permission for:\n{asked}Answer to tell it how to go on, or allow the tool in the agent's Args (--allowedTools) and resume."));
        }
    }

    /// <summary>A refused <c>AskUserQuestion</c> is the question it asked, not a permission to grant; true when it held one.</summary>
    private bool Asked(JsonElement denial)
    {
        var id = AgentJson.Text(denial, "tool_use_id") ?? $"denied-{_asked.Count}";
        if (_asked.Exists(a => a.Id == id))
        {
            return true;
        }

        if (denial.TryGetProperty("tool_input", out var input) && StructuredQuestions.Read(input) is { } questions)
        {
            _asked.Add((id, questions));
            return true;
        }

        return false;
    }

    private static AgentUsage Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return AgentUsage.None;
        }

        return new AgentUsage(AgentJson.Long(usage, "input_tokens"), AgentJson.Long(usage, "output_tokens"), AgentJson.Long(usage, "cache_read_input_tokens"), AgentJson.Long(usage, "cache_creation_input_tokens"));
    }

    private static string? ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return null;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString(),
            JsonValueKind.Array => string.Join("\n", content.EnumerateArray().Select(c => AgentJson.Text(c, "text")).Where(t => t is not null)),
            _ => content.ToString(),
        };
    }

    private static string? Describe(JsonElement input) =>
        AgentJson.Text(input, "command") ?? AgentJson.Text(input, "file_path") ?? AgentJson.Text(input, "url") ?? AgentArguments.Excerpt(input.ToString(), 300);

    private static string Describe(string subtype) => subtype switch
    {
        "error_max_turns" => "the agent reached its turn limit (agent.max_turns)",
        "error_max_budget_usd" => "the agent reached its budget (agent.max_cost_usd)",
        "error_during_execution" => "the agent failed during execution",
        _ => subtype,
    };
}
