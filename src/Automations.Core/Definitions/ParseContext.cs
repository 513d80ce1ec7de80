using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>The file being parsed and the errors found so far, with readers that report at a node's position.</summary>
internal sealed class ParseContext(string file, string source = "")
{
    private readonly List<DefinitionError> _errors = [];
    private string[]? _lines;

    public string File => file;

    public int ErrorCount => _errors.Count;

    /// <summary>The configured agents' names, or null when they are not known (then <c>agent.use</c> is not checked).</summary>
    public IReadOnlyCollection<string>? Agents { get; init; }

    /// <summary>The connected repository the file comes from, and what it may do; null for the local folder.</summary>
    public DefinitionScope? Scope { get; init; }

    /// <summary>The automation's name, once read (null when absent or invalid); schedule triggers filter on it.</summary>
    public string? Automation { get; set; }

    /// <summary>Each custom webhook endpoint declared, with where it was written, in file order.</summary>
    public List<(string Endpoint, int Line, int Column)> Endpoints { get; } = [];

    /// <summary>The errors in file order.</summary>
    public IReadOnlyList<DefinitionError> Errors => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>A plain <c>null</c>, <c>~</c> or nothing at all: YAML's null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    public void Error(Mark mark, string message) =>
        _errors.Add(new DefinitionError(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), message));

    /// <summary>
    /// Reports at the place, inside a scalar, where the part of its value at <paramref name="offset"/> (of
    /// <paramref name="length"/> characters) was written: exact in plain and quoted one-line values and in literal
    /// blocks (<c>|</c>), at the value's start otherwise (a folded block, a value with escapes).
    /// </summary>
    public void Error(YamlNode node, int offset, int length, string message)
    {
        if (node is YamlScalarNode { Value: { } value } scalar && Locate(scalar, value, offset, length) is var (line, column))
        {
            _errors.Add(new DefinitionError(file, line, column, message));
            return;
        }

        Error(node, message);
    }

    /// <summary>
    /// The entries of a mapping whose keys are in <paramref name="known"/>. Other keys are errors, with a
    /// suggestion when one is close; <paramref name="owner"/> names the mapping in messages (null at the top).
    /// </summary>
    public Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, IReadOnlyCollection<string> known, string? owner)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, "a key must be text");
                continue;
            }

            if (known.Contains(key))
            {
                entries[key] = value;
                continue;
            }

            var suggestion = Suggestions.Closest(key, known);
            var where = owner is null ? "" : $" in '{owner}'";
            Error(keyNode, suggestion is null
                ? $"unknown key '{key}'{where}; known keys: {string.Join(", ", known)}"
                : $"unknown key '{key}'{where} (did you mean '{suggestion}'?)");
        }

        return entries;
    }

    /// <summary>The text of a scalar that must not be empty, or null after reporting why not.</summary>
    public string? Text(YamlNode node, string name, bool trim = true)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"'{name}' must be text, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
            return null;
        }

        if (IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, $"'{name}' must not be empty");
            return null;
        }

        return trim ? scalar.Value.Trim() : scalar.Value;
    }

    /// <summary>The text of a scalar, or null when it is YAML's null; reports a list or mapping.</summary>
    public string? OptionalText(YamlNode node, string name) => IsNull(node) ? null : Text(node, name);

    /// <summary><c>true</c> or <c>false</c>, in any case, or null after reporting the value.</summary>
    public bool? Boolean(YamlNode node, string name)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        Error(node, $"'{name}' must be true or false");
        return null;
    }

    /// <summary>A whole number greater than 0, or null after reporting the value.</summary>
    public int? PositiveInteger(YamlNode node, string name)
    {
        var text = node is YamlScalarNode { Value: { } value } ? value.Trim() : null;
        if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        Error(node, $"'{name}' must be a whole number greater than 0, not {Shown(node, text)}");
        return null;
    }

    /// <summary>A number greater than 0 (digits and at most one '.'), or null after reporting the value.</summary>
    public decimal? PositiveNumber(YamlNode node, string name)
    {
        var text = node is YamlScalarNode { Value: { } value } ? value.Trim() : null;
        if (text is { Length: > 0 and <= 30 } && text[0] != '.' && text[^1] != '.'
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        Error(node, $"'{name}' must be a number greater than 0, such as 5 or 2.50, not {Shown(node, text)}");
        return null;
    }

    /// <summary>The 1-based line and column where <paramref name="value"/>'s part at <paramref name="offset"/> is written, checked against the file's text; null when unknown.</summary>
    private (int Line, int Column)? Locate(YamlScalarNode scalar, string value, int offset, int length)
    {
        _lines ??= source.Split('\n');
        var part = value.Substring(offset, length);
        var before = value[..offset];
        var lineInValue = before.Count(c => c == '\n');
        var columnInLine = offset - (before.LastIndexOf('\n') + 1);
        (int Line, int Column)? candidate = scalar.Style switch
        {
            ScalarStyle.Literal => LiteralStart((int)scalar.Start.Line) is { } first
                ? (first.Line + lineInValue, first.Indent + columnInLine + 1)
                : null,
            ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted when lineInValue == 0 && scalar.Start.Line == scalar.End.Line =>
                ((int)scalar.Start.Line, (int)scalar.Start.Column + columnInLine + (scalar.Style == ScalarStyle.Plain ? 0 : 1)),
            _ => null,
        };
        if (candidate is not var (line, column) || line < 1 || line > _lines.Length)
        {
            return null;
        }

        var written = _lines[line - 1].TrimEnd('\r');
        return column >= 1 && column - 1 + part.Length <= written.Length && string.CompareOrdinal(written, column - 1, part, 0, part.Length) == 0
            ? candidate
            : null;
    }

    /// <summary>The first content line of a literal block whose indicator is on <paramref name="indicatorLine"/>, and its indentation.</summary>
    private (int Line, int Indent)? LiteralStart(int indicatorLine)
    {
        for (var line = indicatorLine + 1; line <= _lines!.Length; line++)
        {
            var written = _lines[line - 1].TrimEnd('\r');
            if (written.Trim().Length > 0)
            {
                return (indicatorLine + 1, written.Length - written.TrimStart(' ').Length);
            }
        }

        return null;
    }

    /// <summary>A scalar's text in quotes, or what kind of node it is.</summary>
    private static string Shown(YamlNode node, string? text) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => $"'{text}'",
    };
}
