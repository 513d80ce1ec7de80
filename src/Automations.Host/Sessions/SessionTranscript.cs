using System.Globalization;
using System.Text;
using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Host.Sessions;

/// <summary>A session's transcript as Markdown: what was asked, what the agent said and did, and how it ended.</summary>
public static class SessionTranscript
{
    public static string Markdown(Session session, IReadOnlyList<SessionEvent> events)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Session {session.Id}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- Automation: {session.Automation}\n");
        md.Append(CultureInfo.InvariantCulture, $"- Status: {session.Status}{(session.Error is { } error ? $" ({error})" : string.Empty)}\n");
        md.Append(CultureInfo.InvariantCulture, $"- Repository: {session.Repository ?? "-"}, branch `{session.Branch ?? "-"}`\n");
        md.Append(CultureInfo.InvariantCulture, $"- Trigger: {session.Trigger.Kind} ({session.Trigger.DeliveryId})\n");
        md.Append(CultureInfo.InvariantCulture, $"- Cost: ${session.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}, {session.Turns} turn(s), {session.Tokens.Input} input and {session.Tokens.Output} output tokens\n");

        var turn = 0;
        var text = new StringBuilder();
        var log = new StringBuilder();
        foreach (var e in events)
        {
            if (e.Type != SessionEventTypes.Token)
            {
                Flush(md, text, log);
            }

            var data = e.Data;
            switch (e.Type)
            {
                case SessionEventTypes.Prompt:
                    turn++;
                    md.Append(CultureInfo.InvariantCulture, $"\n## Turn {turn}{(Bool(data, "resume") ? " (resumed)" : string.Empty)}\n\n");
                    md.Append(Quote(Str(data, "text")));
                    md.Append('\n');
                    break;
                case SessionEventTypes.Token when Str(data, "stream") == "assistant":
                    text.Append(Str(data, "text"));
                    break;
                case SessionEventTypes.Token:
                    log.Append(Str(data, "text")).Append('\n');
                    break;
                case SessionEventTypes.ToolStart:
                    md.Append(CultureInfo.InvariantCulture, $"- Tool `{Str(data, "name")}` started{Input(data)}\n");
                    break;
                case SessionEventTypes.ToolEnd:
                    md.Append(CultureInfo.InvariantCulture, $"- Tool `{Str(data, "name")}` {(Bool(data, "isError") ? "failed" : "finished")}\n");
                    break;
                case SessionEventTypes.Question:
                    md.Append(CultureInfo.InvariantCulture, $"\n**The agent asks:** {Str(data, "text")}\n");
                    break;
                case SessionEventTypes.Message when Str(data, "from") is "api" or "console" or "resume":
                    md.Append(CultureInfo.InvariantCulture, $"\n**Message ({Str(data, "from")}):**\n\n{Quote(Str(data, "text"))}\n");
                    break;
                case SessionEventTypes.MessageComplete:
                    md.Append(CultureInfo.InvariantCulture, $"\n_Turn ended: {Str(data, "outcome")}{Cost(data)}._\n");
                    break;
                case SessionEventTypes.Status:
                    md.Append(CultureInfo.InvariantCulture, $"\n_Status: {Str(data, "status")}{(Str(data, "reason") is { Length: > 0 } r ? $" ({r})" : string.Empty)}_\n");
                    break;
                case SessionEventTypes.Branch:
                    md.Append(CultureInfo.InvariantCulture, $"\n_Pushed `{Str(data, "branch")}` at {Str(data, "commit")}_\n");
                    break;
            }
        }

        Flush(md, text, log);
        return md.ToString();
    }

    private static void Flush(StringBuilder md, StringBuilder text, StringBuilder log)
    {
        if (text.Length > 0)
        {
            md.Append('\n').Append(text.ToString().Trim()).Append('\n');
            text.Clear();
        }

        if (log.Length > 0)
        {
            md.Append("\n```text\n").Append(log.ToString().Replace("```", "`\u200b``", StringComparison.Ordinal)).Append("```\n");
            log.Clear();
        }
    }

    private static string Quote(string text) => string.Join('\n', text.Split('\n').Select(l => "> " + l)) + "\n";

    private static string Input(JsonElement data) =>
        data.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object
            ? $": `{Truncate(input.GetRawText(), 200)}`"
            : string.Empty;

    private static string Cost(JsonElement data) =>
        data.TryGetProperty("costUsd", out var cost) && cost.ValueKind == JsonValueKind.Number
            ? $", ${cost.GetDecimal().ToString("0.####", CultureInfo.InvariantCulture)}"
            : string.Empty;

    private static string Truncate(string value, int max) => value.Length <= max ? value.Replace("`", "'", StringComparison.Ordinal) : value[..max].Replace("`", "'", StringComparison.Ordinal) + "…";

    private static string Str(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static bool Bool(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
