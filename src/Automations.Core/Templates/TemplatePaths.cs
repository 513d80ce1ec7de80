using Automations.Core.Definitions;

namespace Automations.Core.Templates;

/// <summary>
/// Whether every path a template names is one the model has (<see cref="TemplateVariables"/>): a path that is
/// not there renders as nothing, so a typo such as <c>event.subjcet.title</c> would empty a prompt without a word.
/// Reads the mustaches of a Handlebars template without rendering it. Inside <c>#each</c>, <c>#with</c> and other
/// blocks that change the context, paths relative to that context are not checked; <c>@root.</c> paths are.
/// </summary>
public static class TemplatePaths
{
    private static readonly string[] ContextKeeping = ["if", "unless"];
    private static readonly string[] BlockHelpers = ["if", "unless", "each", "with"];
    private static readonly string[] Literals = ["true", "false", "null", "undefined"];
    private static readonly string[] Lists = ["event.subject.labels"];

    /// <summary>The first path the model does not have, or null when there is none (or the template does not compile).</summary>
    public static TemplateProblem? Check(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var opaque = new Stack<bool>();
        var at = 0;
        while ((at = template.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            if (at > 0 && template[at - 1] == '\\')
            {
                at += 2;
                continue;
            }

            var triple = string.CompareOrdinal(template, at, "{{{", 0, 3) == 0;
            var open = at + (triple ? 3 : 2);
            var longComment = string.CompareOrdinal(template, open, "!--", 0, 3) == 0 || string.CompareOrdinal(template, open, "~!--", 0, 4) == 0;
            var close = template.IndexOf(longComment ? "--" : triple ? "}}}" : "}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            if (longComment)
            {
                var end = template.IndexOf("}}", close, StringComparison.Ordinal);
                at = end < 0 ? template.Length : end + 2;
                continue;
            }

            if (Mustache(template, open, close, opaque) is { } problem)
            {
                return problem;
            }

            at = close + (triple ? 3 : 2);
        }

        return null;
    }

    private static TemplateProblem? Mustache(string template, int start, int end, Stack<bool> opaque)
    {
        var (sigil, tokens) = MustacheTokens.Read(template, start, end);
        if (sigil is '!' or '>')
        {
            return null;
        }

        if (sigil == '/')
        {
            if (opaque.Count > 0)
            {
                opaque.Pop();
            }

            return null;
        }

        if (tokens.Count == 0)
        {
            return null;
        }

        var inside = opaque.Count > 0 && opaque.Peek();
        if (sigil is '#' or '^')
        {
            // {{#if x}} keeps the context, {{#each x}} and {{#with x}} change it, {{#x}} alone is a section over x.
            var keeps = sigil == '^' || ContextKeeping.Contains(tokens[0].Text, StringComparer.Ordinal);
            var helper = sigil == '#' && BlockHelpers.Contains(tokens[0].Text, StringComparer.Ordinal);
            var problem = tokens.Count == 1 && !helper ? Path(tokens[0], inside) : Parameters(tokens.Skip(1), inside);
            opaque.Push(inside || !keeps);
            return problem;
        }

        if (tokens[0].Text == "else")
        {
            var skip = tokens.Count > 1 && ContextKeeping.Contains(tokens[1].Text, StringComparer.Ordinal) ? 2 : 1;
            return Parameters(tokens.Skip(skip), inside);
        }

        return tokens.Count == 1 ? Path(tokens[0], inside) : Parameters(tokens.Skip(1), inside);
    }

    private static TemplateProblem? Parameters(IEnumerable<MustacheToken> tokens, bool inside)
    {
        foreach (var token in tokens)
        {
            if (!token.IsHelper && Path(token, inside) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static TemplateProblem? Path(MustacheToken token, bool inside)
    {
        var text = token.Text;
        var offset = token.Offset;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            (text, offset) = (text[(equals + 1)..], offset + equals + 1);
        }

        if (text.Length == 0 || text[0] is '"' or '\'' or '-' || char.IsDigit(text[0]) || Literals.Contains(text, StringComparer.Ordinal))
        {
            return null;
        }

        if (text.StartsWith("@root.", StringComparison.Ordinal))
        {
            return Known(text["@root.".Length..], token with { Text = text, Offset = offset }, "@root.".Length);
        }

        if (text[0] == '@' || text.StartsWith("../", StringComparison.Ordinal) || inside)
        {
            return null;
        }

        foreach (var prefix in (string[])["this.", "./"])
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Known(text[prefix.Length..], token with { Text = text, Offset = offset }, prefix.Length);
            }
        }

        return text is "this" or "." ? null : Known(text, token with { Text = text, Offset = offset }, 0);
    }

    /// <summary>Null when <paramref name="path"/> is in the model; otherwise the problem, over the whole token.</summary>
    private static TemplateProblem? Known(string path, MustacheToken token, int skipped)
    {
        var segments = path.Split('.', '/').Select(s => s.Length > 1 && s[0] == '[' && s[^1] == ']' ? s[1..^1] : s).ToArray();
        var prefix = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var candidate = prefix.Length == 0 ? segments[i] : $"{prefix}.{segments[i]}";
            if (TemplateVariables.Find(candidate) is { } variable)
            {
                if (variable.Open)
                {
                    return null;
                }

                prefix = candidate;
                continue;
            }

            if (Lists.Contains(prefix, StringComparer.Ordinal) && (segments[i] == "length" || segments[i].All(char.IsDigit)))
            {
                return null;
            }

            return new TemplateProblem(token.Offset, token.Text.Length, Unknown(path, prefix, segments, i, skipped > 0 ? token.Text[..skipped] : ""));
        }

        return null;
    }

    private static string Unknown(string path, string prefix, string[] segments, int index, string lead)
    {
        var children = TemplateVariables.Children(prefix).ToList();
        var rest = string.Concat(segments.Skip(index + 1).Select(s => "." + s));
        var closest = Suggestions.Closest(segments[index], children);
        if (prefix.Length == 0 && closest is null && TemplateVariables.Find($"event.{segments[0]}") is not null)
        {
            closest = $"event.{segments[0]}";
        }

        var written = $"'{lead}{path}'";
        if (closest is not null)
        {
            var suggestion = prefix.Length == 0 ? closest + rest : $"{prefix}.{closest}{rest}";
            return $"unknown template path {written} (did you mean '{lead}{suggestion}'?)";
        }

        return children.Count == 0
            ? $"unknown template path {written}: '{prefix}' holds a value, not fields"
            : prefix.Length == 0
                ? $"unknown template path {written}: templates see {string.Join(", ", children)}"
                : $"unknown template path {written}: '{prefix}' has {string.Join(", ", children)}";
    }
}
