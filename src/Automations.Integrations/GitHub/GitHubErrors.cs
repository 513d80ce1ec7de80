using System.Text;
using System.Text.Json;

namespace Automations.Integrations.GitHub;

/// <summary>GitHub's error bodies: <c>{"message": "...", "errors": [{"message"|"code", "field"}]}</c>.</summary>
public static class GitHubErrors
{
    public static string Message(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return body;
            }

            var text = new StringBuilder(message.GetString());
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var details = errors.EnumerateArray().Select(Detail).Where(d => d.Length > 0).ToList();
                if (details.Count > 0)
                {
                    text.Append(": ").AppendJoin("; ", details);
                }
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Detail(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return error.GetString() ?? string.Empty;
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return message.GetString() ?? string.Empty;
        }

        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var field = error.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return string.Join(' ', new[] { field, code }.Where(s => !string.IsNullOrEmpty(s)));
    }
}
