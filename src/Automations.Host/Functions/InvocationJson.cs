using System.Globalization;
using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// Reads values of an invocation defensively. The Functions host serializes every value that is not a JSON
/// object a second time, so a string may arrive as <c>"\"text\""</c> and a number as <c>"1"</c>; older hosts
/// and the documentation send them once. Both forms read the same here.
/// </summary>
public static class InvocationJson
{
    /// <summary>A string or number as text; a string that holds a JSON string literal is unquoted once more.</summary>
    public static string? Text(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                return IsStringLiteral(text) && TryParse(text) is { ValueKind: JsonValueKind.String } inner ? inner.GetString() : text;
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                return null;
        }
    }

    /// <summary>An integer, as a number or as text (once or twice encoded); null when there is none.</summary>
    public static int? Int(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : int.TryParse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    /// <summary>
    /// A JSON object: the value itself, or the object that a string value holds (once or twice encoded).
    /// Null with the reason when there is none.
    /// </summary>
    public static JsonElement? Object(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = value.ValueKind == JsonValueKind.Undefined ? "it is missing" : $"it is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return null;
        }

        var text = Text(value)!;
        if (TryParse(text) is { ValueKind: JsonValueKind.Object } parsed)
        {
            return parsed;
        }

        error = "its text is not a JSON object";
        return null;
    }

    /// <summary>The property <paramref name="name"/> of an object, matched without regard to case; default when absent.</summary>
    public static JsonElement Property(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        if (value.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return default;
    }

    /// <summary>
    /// An instant from a timer or message: ISO 8601 with or without an offset (without one, UTC), as the
    /// host writes them; null for anything else, since the host is known to send invalid ones at times.
    /// </summary>
    public static DateTimeOffset? Instant(JsonElement value) =>
        Text(value) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
        && instant.Year > 1
            ? instant
            : null;

    private static bool IsStringLiteral(string text) => text.Length >= 2 && text[0] == '"' && text[^1] == '"';

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
