using System.Globalization;
using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// Reads values of an invocation defensively. The Functions host serializes a binding's value a second time
/// when it is not a JSON object (a top-level value of <c>Data</c> or <c>Metadata</c>), so a string may arrive as
/// <c>"\"text\""</c> and a number as <c>"1"</c>; older hosts and the documentation send them once. Both forms
/// read the same through <see cref="BindingText"/>. What is inside an object the host embedded (an HTTP
/// request's headers, route values and query; a timer's status) is never encoded twice: <see cref="Text"/>
/// takes it as it is, so an ETag <c>"abc"</c> keeps its quotes.
/// </summary>
public static class InvocationJson
{
    /// <summary>A string or number inside an embedded object, as text, as it is; null for anything else.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A binding's value at the top of <c>Data</c> or <c>Metadata</c> as text: a string that holds a JSON string
    /// literal (the host's second encoding) is unquoted once.
    /// </summary>
    public static string? BindingText(JsonElement value) =>
        Text(value) is { } text && value.ValueKind == JsonValueKind.String && IsStringLiteral(text) && TryParse(text) is { ValueKind: JsonValueKind.String } inner
            ? inner.GetString()
            : Text(value);

    /// <summary>A binding's integer, as a number or as text (once or twice encoded); null when there is none.</summary>
    public static int? Int(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : int.TryParse(BindingText(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

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

        var text = BindingText(value)!;
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
