using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automations.Integrations.Linear;

/// <summary>
/// How a tool call reads in Linear: its parameter (the file, command, pattern or address it was given, else its
/// input in short), its result in short, and the agent's plan where it keeps one (Claude Code's <c>TodoWrite</c>,
/// as Linear's plan: <c>[{content, status: pending | inProgress | completed | canceled}]</c>).
/// </summary>
internal static class LinearToolCalls
{
    /// <summary>The longest parameter shown.</summary>
    public const int MaxParameter = 200;

    /// <summary>The longest result shown.</summary>
    public const int MaxResult = 1000;

    /// <summary>The tool whose input is the agent's plan.</summary>
    public const string PlanTool = "TodoWrite";

    private static readonly string[] Named = ["file_path", "path", "command", "pattern", "url", "query", "description"];

    public static string Parameter(JsonElement? input)
    {
        if (input is not { ValueKind: JsonValueKind.Object } value)
        {
            return string.Empty;
        }

        foreach (var name in Named)
        {
            if (value.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.String && field.GetString() is { Length: > 0 } text)
            {
                return Cut(text, MaxParameter);
            }
        }

        return Cut(value.GetRawText(), MaxParameter);
    }

    public static string Result(string? output, bool isError)
    {
        var text = Cut(string.IsNullOrWhiteSpace(output) ? (isError ? "failed" : "done") : output.Trim(), MaxResult);
        return isError ? $"Failed: {text}" : text;
    }

    /// <summary>The plan in a <c>TodoWrite</c> input, as Linear's plan; null when it holds none.</summary>
    public static JsonArray? Plan(string name, JsonElement? input)
    {
        if (name != PlanTool || input is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("todos", out var todos) || todos.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var plan = new JsonArray();
        foreach (var todo in todos.EnumerateArray())
        {
            if (todo.ValueKind == JsonValueKind.Object && todo.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                var status = todo.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                plan.Add(new JsonObject
                {
                    ["content"] = content.GetString(),
                    ["status"] = status switch { "in_progress" => "inProgress", "completed" => "completed", "cancelled" or "canceled" => "canceled", _ => "pending" },
                });
            }
        }

        return plan.Count == 0 ? null : plan;
    }

    public static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
