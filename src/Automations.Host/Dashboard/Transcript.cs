using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Host.Dashboard;

/// <summary>
/// Folds a page of events into the blocks a person reads: consecutive output of one stream is one block, a
/// tool call's start and end are one block; the agent's thinking, where it shows it, is a block of its own.
/// console.js folds live events the same way.
/// </summary>
public static class Transcript
{
    /// <summary>How many events one page of a session shows.</summary>
    public const int PageSize = 300;

    /// <summary>Fields a note leaves out (and any absolute path): where things are on the engine's disk, remotes that may carry a credential.</summary>
    private static readonly string[] Hidden = ["url", "path", "remote", "token", "secret", "env"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<TranscriptItem> Fold(IEnumerable<SessionEvent> events)
    {
        var items = new List<TranscriptItem>();
        foreach (var e in events)
        {
            var data = e.Data;
            var last = items.Count > 0 ? items[^1] : null;
            switch (e.Type)
            {
                case SessionEventTypes.Token:
                    var kind = Str(data, "stream") switch { "assistant" => "text", "thinking" => "thinking", _ => "log" };
                    if (last is not null && last.Kind == kind && last.Title == Str(data, "stream"))
                    {
                        items[^1] = last with { Text = last.Text + (kind == "log" ? "\n" : string.Empty) + Str(data, "text") };
                    }
                    else
                    {
                        items.Add(new TranscriptItem(kind, e.Seq, Str(data, "stream"), Str(data, "text")));
                    }

                    break;
                case SessionEventTypes.ToolStart:
                    items.Add(new TranscriptItem("tool", e.Seq, Str(data, "name"), Json(data, "input"), ToolId: Str(data, "id")));
                    break;
                case SessionEventTypes.ToolEnd:
                    var index = items.FindLastIndex(i => i.Kind == "tool" && i.ToolId == Str(data, "id") && i.Output is null);
                    var output = Json(data, "output");
                    var failed = data.TryGetProperty("isError", out var error) && error.ValueKind == JsonValueKind.True;
                    if (index >= 0)
                    {
                        items[index] = items[index] with { Output = output, IsError = failed };
                    }
                    else
                    {
                        items.Add(new TranscriptItem("tool", e.Seq, Str(data, "name"), string.Empty, output, Str(data, "id"), failed));
                    }

                    break;
                case SessionEventTypes.Prompt:
                    items.Add(new TranscriptItem("prompt", e.Seq, "prompt", Str(data, "text")));
                    break;
                case SessionEventTypes.Message:
                    items.Add(new TranscriptItem("message", e.Seq, Str(data, "from"), Str(data, "text")));
                    break;
                case SessionEventTypes.Question:
                    items.Add(new TranscriptItem("question", e.Seq, "question", Str(data, "text")));
                    break;
                case SessionEventTypes.Status:
                    items.Add(new TranscriptItem("status", e.Seq, Str(data, "status"), Str(data, "reason")));
                    break;
                default:
                    items.Add(new TranscriptItem("note", e.Seq, e.Type, Summary(data)));
                    break;
            }
        }

        return items;
    }

    private static string Summary(JsonElement data) =>
        data.ValueKind != JsonValueKind.Object
            ? string.Empty
            : string.Join(", ", data.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .Where(p => !Hidden.Any(h => p.Name.Contains(h, StringComparison.OrdinalIgnoreCase)))
                .Where(p => p.Value.ValueKind != JsonValueKind.String || !p.Value.GetString()!.StartsWith('/'))
                .Take(4).Select(p => $"{p.Name}: {p.Value}"));

    private static string Json(JsonElement data, string name) =>
        data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(name, out var value) ? string.Empty
        : value.ValueKind == JsonValueKind.String ? value.GetString()!
        : value.ValueKind == JsonValueKind.Null ? string.Empty
        : JsonSerializer.Serialize(value, Indented);

    private static string Str(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
