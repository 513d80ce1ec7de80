using System.Text;
using System.Text.Json.Nodes;

namespace Automations.Core.Definitions;

/// <summary>The schema's building blocks: mappings from the parser's key lists, texts, choices, patterns.</summary>
public static partial class DefinitionSchema
{
    private static readonly Lock Gate = new();

    /// <summary>The <c>$defs</c> of the schema being built: parts used in more than one place, written once.</summary>
    private static JsonObject? _defs;

    /// <summary>A reference to <c>$defs/<paramref name="name"/></c>, made by <paramref name="make"/> the first time.</summary>
    private static JsonObject Ref(string name, Func<JsonObject> make)
    {
        if (!_defs!.ContainsKey(name))
        {
            _defs[name] = new JsonObject();
            _defs[name] = make();
        }

        return new JsonObject { ["$ref"] = $"#/$defs/{name}" };
    }

    /// <summary>
    /// An object with exactly the parser's <paramref name="keys"/>, each described by <paramref name="describe"/>;
    /// a key it does not describe is a bug here, caught the first time the schema is built.
    /// </summary>
    private static JsonObject Mapping(IEnumerable<string> keys, Func<string, JsonNode?> describe, string[] required, string? description = null)
    {
        var properties = new JsonObject();
        foreach (var key in keys)
        {
            properties[key] = describe(key) ?? throw new InvalidOperationException($"the definitions' schema does not describe the key '{key}' that the parser reads");
        }

        var mapping = new JsonObject { ["type"] = "object" };
        if (description is not null)
        {
            mapping["description"] = description;
        }

        mapping["properties"] = properties;
        mapping["additionalProperties"] = false;
        if (required.Length > 0)
        {
            mapping["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return mapping;
    }

    /// <summary>One-key objects: <c>{ kind: settings }</c>, the kind one of <paramref name="kinds"/>.</summary>
    private static JsonObject OneOf(IEnumerable<string> kinds, Func<string, JsonNode?> settings)
    {
        var one = Mapping(kinds, settings, required: []);
        one["minProperties"] = 1;
        one["maxProperties"] = 1;
        return one;
    }

    /// <summary>Text that must not be empty.</summary>
    private static JsonObject Text(string? description) => Described(new JsonObject { ["type"] = "string", ["minLength"] = 1, ["pattern"] = @"\S" }, description);

    private static JsonObject Pattern(string dotnetPattern, string description) =>
        Described(new JsonObject { ["type"] = "string", ["pattern"] = Ecma(dotnetPattern) }, description);

    private static JsonObject Duration(string description) => Described(
        new JsonObject { ["type"] = "string", ["minLength"] = 1, ["pattern"] = Ecma(Durations.PatternText) },
        description + " Such as 90s, 30m, 2h or 1h30m.");

    private static JsonObject Positive(string type, string description) =>
        Described(new JsonObject { ["type"] = type, ["exclusiveMinimum"] = 0 }, description);

    /// <summary>One of <paramref name="choices"/>, in any letter case, as the parser takes them.</summary>
    private static JsonObject Choice(IEnumerable<string> choices, string description)
    {
        var list = choices.ToList();
        var pattern = "^(?:" + string.Join("|", list.Select(AnyCase)) + ")$";
        return Described(new JsonObject { ["type"] = "string", ["pattern"] = pattern, ["examples"] = new JsonArray([.. list.Select(c => (JsonNode)c)]) }, $"{description} One of {string.Join(", ", list)}.");
    }

    /// <summary>One <paramref name="item"/> or a non-empty list of them (or nothing, when <paramref name="nullable"/>).</summary>
    private static JsonObject OneOrList(JsonNode item, bool nullable = false)
    {
        var anyOf = new JsonArray(item, new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = item.DeepClone() });
        if (nullable)
        {
            anyOf.Add(new JsonObject { ["type"] = "null" });
        }

        return new JsonObject { ["anyOf"] = anyOf };
    }

    private static JsonObject Enum(IEnumerable<string> values) => new() { ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static JsonObject Described(JsonObject node, string? description)
    {
        if (description is not null)
        {
            node["description"] = description;
        }

        return node;
    }

    /// <summary>A .NET pattern as JSON Schema writes it: <c>^</c> and <c>$</c> for <c>\A</c> and <c>\z</c>, no group names.</summary>
    private static string Ecma(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.Replace(@"\A", "^", StringComparison.Ordinal).Replace(@"\z", "$", StringComparison.Ordinal), @"\(\?<[A-Za-z]+>", "(?:");

    private static string AnyCase(string word)
    {
        var text = new StringBuilder();
        foreach (var c in word)
        {
            text.Append(char.IsLetter(c) ? $"[{char.ToLowerInvariant(c)}{char.ToUpperInvariant(c)}]" : System.Text.RegularExpressions.Regex.Escape(c.ToString()));
        }

        return text.ToString();
    }
}
