using System.Text.Json;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters.Codex;

/// <summary>
/// Reads <c>codex exec --json</c> output, one event a line: <c>thread.started</c> names the agent's
/// session; <c>item.started</c>/<c>item.completed</c> carry commands, file changes, tool calls and
/// messages; <c>turn.completed</c> reports token use; <c>turn.failed</c> and <c>error</c> say what went wrong.
/// Codex reports the thread's tokens so far, not the turn's, so the last totals are kept in the session
/// folder and each turn records the difference.
/// </summary>
internal sealed class CodexStreamParser(string usageFile) : IAgentStreamParser
{
    private readonly OpenToolCalls _openTools = new();
    private string? _threadId;

    public void Parse(string stream, string line, ICollection<AgentEvent> events)
    {
        if (stream != "stdout" || !AgentJson.TryParse(line, out var root))
        {
            events.Add(new AgentLog(stream, line));
            return;
        }

        switch (AgentJson.Text(root, "type"))
        {
            case "thread.started":
                _threadId = AgentJson.Text(root, "thread_id");
                events.Add(new AgentStarted(_threadId, null));
                break;
            case "turn.started":
                break;
            case "item.started" when root.TryGetProperty("item", out var item):
                Started(item, events);
                break;
            case "item.completed" when root.TryGetProperty("item", out var item):
                Completed(item, events);
                break;
            case "turn.completed":
                events.Add(new AgentTurnComplete { AgentSessionId = _threadId, Turns = 1, Usage = TurnUsage(root) });
                break;
            case "turn.failed":
                var failure = root.TryGetProperty("error", out var error) ? AgentJson.Text(error, "message") : null;
                events.Add(new AgentTurnComplete { AgentSessionId = _threadId, Turns = 1, IsError = true, ResultText = failure ?? "the turn failed" });
                break;
            case "error":
                events.Add(new AgentBlocked(AgentJson.Text(root, "message") ?? "the model API failed"));
                break;
            default:
                events.Add(new AgentLog(stream, line));
                break;
        }
    }

    public string? Complete(int? exitCode, ICollection<AgentEvent> events)
    {
        _openTools.EndAll(events);
        return _threadId;
    }

    private void Started(JsonElement item, ICollection<AgentEvent> events)
    {
        if (Tool(item) is { } tool && AgentJson.Text(item, "id") is { } id && _openTools.Begin(id, tool.Name))
        {
            events.Add(new AgentToolStart(id, tool.Name, tool.Input));
        }
    }

    private void Completed(JsonElement item, ICollection<AgentEvent> events)
    {
        var id = AgentJson.Text(item, "id") ?? string.Empty;
        switch (AgentJson.Text(item, "type"))
        {
            case "agent_message" when AgentJson.Text(item, "text") is { Length: > 0 } text:
                events.Add(new AgentText(text));
                return;
            case "reasoning" when AgentJson.Text(item, "text") is { Length: > 0 } text:
                events.Add(new AgentThinking(text));
                return;
            case "error":
                events.Add(new AgentLog("agent", AgentJson.Text(item, "message") ?? item.ToString()));
                return;
        }

        if (Tool(item) is not { } tool)
        {
            return;
        }

        // A file change is often reported only once it is done: it still gets its start.
        if (!_openTools.End(id, out _))
        {
            events.Add(new AgentToolStart(id, tool.Name, tool.Input));
        }

        var failed = AgentJson.Text(item, "status") is "failed" or "declined" || (AgentJson.Int(item, "exit_code") is { } code && code != 0);
        events.Add(new AgentToolEnd(id, tool.Name, failed, AgentArguments.Excerpt(Output(item))));
    }

    private static (string Name, JsonElement? Input)? Tool(JsonElement item) => AgentJson.Text(item, "type") switch
    {
        "command_execution" => ("shell", JsonSerializer.SerializeToElement(new { command = AgentJson.Text(item, "command") })),
        "file_change" => ("apply_patch", item.TryGetProperty("changes", out var changes) ? changes.Clone() : null),
        "mcp_tool_call" => ($"{AgentJson.Text(item, "server")}.{AgentJson.Text(item, "tool")}", item.TryGetProperty("arguments", out var args) ? args.Clone() : null),
        "web_search" => ("web_search", JsonSerializer.SerializeToElement(new { query = AgentJson.Text(item, "query") })),
        _ => null,
    };

    private static string? Output(JsonElement item) =>
        AgentJson.Text(item, "aggregated_output")
        ?? (item.TryGetProperty("changes", out var changes) ? string.Join("\n", changes.EnumerateArray().Select(c => $"{AgentJson.Text(c, "kind")} {AgentJson.Text(c, "path")}")) : null)
        ?? (item.TryGetProperty("result", out var result) ? result.ToString() : null)
        ?? (item.TryGetProperty("error", out var error) ? error.ToString() : null);

    private AgentUsage TurnUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return AgentUsage.None;
        }

        var cached = AgentJson.Long(usage, "cached_input_tokens");
        var total = new AgentUsage(AgentJson.Long(usage, "input_tokens") - cached, AgentJson.Long(usage, "output_tokens"), cached, AgentJson.Long(usage, "cache_write_input_tokens"));
        var previous = ReadTotals();
        WriteTotals(total);
        return previous is null ? total : new AgentUsage(
            Math.Max(0, total.InputTokens - previous.InputTokens),
            Math.Max(0, total.OutputTokens - previous.OutputTokens),
            Math.Max(0, total.CacheReadTokens - previous.CacheReadTokens),
            Math.Max(0, total.CacheWriteTokens - previous.CacheWriteTokens));
    }

    private AgentUsage? ReadTotals()
    {
        try
        {
            var saved = JsonSerializer.Deserialize<SavedTotals>(File.ReadAllText(usageFile));
            return saved is not null && saved.Thread == _threadId ? saved.Usage : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    private void WriteTotals(AgentUsage total) => File.WriteAllText(usageFile, JsonSerializer.Serialize(new SavedTotals(_threadId, total)));

    private sealed record SavedTotals(string? Thread, AgentUsage Usage);
}
