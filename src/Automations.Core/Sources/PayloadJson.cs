using System.Text.Json;

namespace Automations.Core.Sources;

/// <summary>
/// Defensive reads of a provider's payload: a missing property, a JSON null or a value of the wrong
/// kind gives null (or an undefined element), never an exception.
/// </summary>
internal static class PayloadJson
{
    /// <summary>
    /// Parses a body that must be a JSON object. Returns null and the object, or the reason it is not
    /// one. JsonDocument has no Try form: a body that is not JSON is an expected outcome, made a value here.
    /// </summary>
    public static string? ParseObject(ReadOnlyMemory<byte> body, out JsonElement payload)
    {
        if (Parse(body, out payload) is { } error)
        {
            return error;
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            var kind = payload.ValueKind;
            payload = default;
            return $"The body is a JSON {kind.ToString().ToLowerInvariant()}, not an object.";
        }

        return null;
    }

    /// <summary>
    /// Parses a body that must be JSON: null and its root, or the reason it is not JSON. JSON text is UTF-8
    /// (RFC 8259), and JsonDocument only finds bytes that are not when a string holding them is read, which
    /// would throw in the middle of normalizing a delivery: such a body is refused here, whole.
    /// </summary>
    public static string? Parse(ReadOnlyMemory<byte> body, out JsonElement root)
    {
        root = default;
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return "The body is not valid UTF-8, which JSON text must be.";
        }

        try
        {
            // The document reads the body where it is, and the body never changes (WebhookRequest.Body): a clone
            // would copy all of it, and its index, once more per delivery. The index is an array the pool lends;
            // undisposed, it goes to the collector with the document, never back to the pool for another to write.
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException exception)
        {
            return $"The body is not JSON: {exception.Message}";
        }

        if (LoneSurrogate(body.Span) is { } escape)
        {
            root = default;
            return $"The body holds a lone surrogate ({escape}), which is no Unicode character: JSON text must be Unicode.";
        }

        return null;
    }

    /// <summary>
    /// The first <c>\uXXXX</c> escape of a UTF-16 surrogate without its other half, and where it is; null when
    /// there is none. JsonDocument takes <c>"\ud800"</c>, and reading that string throws. The body is valid JSON
    /// here, so every backslash starts an escape inside a string, and a <c>\u</c> has four hex digits.
    /// </summary>
    internal static string? LoneSurrogate(ReadOnlySpan<byte> json)
    {
        const int EscapeLength = 6;

        // Every surrogate's escape starts \ud or \uD: a body with neither (most, whatever else they escape) needs
        // no walk from escape to escape. One with either is walked, since \\ud is a backslash and then text.
        if (json.IndexOf("\\ud"u8) < 0 && json.IndexOf("\\uD"u8) < 0)
        {
            return null;
        }

        for (var i = json.IndexOf((byte)'\\'); i >= 0 && i < json.Length - 1;)
        {
            if (json[i + 1] != (byte)'u')
            {
                i = Next(json, i + 2);
                continue;
            }

            var unit = Hex4(json.Slice(i + 2, 4));
            if (char.IsHighSurrogate(unit) && i + (2 * EscapeLength) <= json.Length
                && json[i + EscapeLength] == (byte)'\\' && json[i + EscapeLength + 1] == (byte)'u'
                && char.IsLowSurrogate(Hex4(json.Slice(i + EscapeLength + 2, 4))))
            {
                i = Next(json, i + (2 * EscapeLength));
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                return $"\\u{(int)unit:x4} at byte {i}";
            }

            i = Next(json, i + EscapeLength);
        }

        return null;

        static int Next(ReadOnlySpan<byte> json, int from)
        {
            var at = from < json.Length ? json[from..].IndexOf((byte)'\\') : -1;
            return at < 0 ? -1 : from + at;
        }

        static char Hex4(ReadOnlySpan<byte> digits)
        {
            var value = 0;
            foreach (var digit in digits)
            {
                value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
            }

            return (char)value;
        }
    }

    /// <summary>
    /// The first of <paramref name="expected"/> that the object has with another JSON type than the provider
    /// sends (null counts as absent), as a reason; null when each has its type. A normalizer that reads such a
    /// field only finds nothing there, but code further on (following a pull request, matching, templates)
    /// takes the provider's word for it.
    /// </summary>
    public static string? WrongType(JsonElement payload, string provider, params ReadOnlySpan<(string Name, JsonValueKind Kind)> expected)
    {
        foreach (var (name, kind) in expected)
        {
            if (payload.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null && value.ValueKind != kind)
            {
                return $"payload.{name} is {Article(value.ValueKind)}, where {provider} sends {Article(kind)}.";
            }
        }

        return null;

        static string Article(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a " + kind.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>The named property of an object; an undefined element when there is none or it is null.</summary>
    public static JsonElement Child(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var child)
        && child.ValueKind != JsonValueKind.Null
            ? child
            : default;

    /// <summary>Follows a path of property names.</summary>
    public static JsonElement At(this JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            element = element.Child(name);
        }

        return element;
    }

    public static bool IsObject(this JsonElement element) => element.ValueKind == JsonValueKind.Object;

    /// <summary>A JSON string that is not empty.</summary>
    public static string? AsString(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value ? value : null;

    public static long? AsInt64(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : null;

    public static bool? AsBoolean(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>An identifier as text: a string as it is, a number as written.</summary>
    public static string? AsIdText(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.AsString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    /// <summary>An ISO 8601 timestamp.</summary>
    public static DateTimeOffset? AsTimestamp(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var value) ? value : null;

    /// <summary>The string <paramref name="property"/> of each object in an array (label names, say).</summary>
    public static IReadOnlyList<string> NamesOf(this JsonElement array, string property)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var names = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.Child(property).AsString() is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
