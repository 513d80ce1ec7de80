using System.Globalization;
using System.Text;

namespace Automations.Host.Tests.Infra;

/// <summary>
/// Evaluates the one ARM expression a snapshot leaves in a string built from parts, <c>[format('...', a, b)]</c>,
/// as far as its arguments are literals: each other argument (a reference to a resource that a deployment
/// creates) stands as <see cref="Unknown"/>.
/// </summary>
public static class ArmFormat
{
    public const string Unknown = "\u2026";

    public static string Evaluate(string value)
    {
        if (!value.StartsWith("[format(", StringComparison.Ordinal) || !value.EndsWith(")]", StringComparison.Ordinal))
        {
            return value.StartsWith('[') ? Unknown : value;
        }

        var arguments = Split(value["[format(".Length..^2]).Select(Literal).ToList();
        var text = arguments[0] ?? Unknown;
        for (var i = 1; i < arguments.Count; i++)
        {
            text = text.Replace("{" + (i - 1).ToString(CultureInfo.InvariantCulture) + "}", arguments[i] ?? Unknown, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The arguments at the top level of an argument list.</summary>
    private static List<string> Split(string list)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in list)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '(' or '[')
            {
                depth++;
            }
            else if (!quoted && c is ')' or ']')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == ',')
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        arguments.Add(current.ToString().Trim());
        return arguments;
    }

    /// <summary>A string or integer literal's value; null for an expression.</summary>
    private static string? Literal(string argument) =>
        argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'' && !argument[1..^1].Replace("''", string.Empty, StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal)
            ? argument[1..^1].Replace("''", "'", StringComparison.Ordinal)
            : int.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? argument : null;
}
