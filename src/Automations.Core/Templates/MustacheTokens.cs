namespace Automations.Core.Templates;

/// <summary>
/// Splits the inside of one Handlebars mustache into its sigil (<c>#</c>, <c>^</c>, <c>/</c>, <c>&amp;</c>,
/// <c>&gt;</c>, <c>!</c>, or none) and its words, keeping quoted strings and <c>[segment]</c>s whole. The name
/// after <c>(</c> is marked as a helper; block parameters (<c>as |x|</c>) are left out.
/// </summary>
internal static class MustacheTokens
{
    private const string Sigils = "#^/&>!";

    public static (char? Sigil, List<MustacheToken> Tokens) Read(string template, int start, int end)
    {
        var i = start;
        while (i < end && (template[i] == '~' || char.IsWhiteSpace(template[i])))
        {
            i++;
        }

        char? sigil = i < end && Sigils.Contains(template[i], StringComparison.Ordinal) ? template[i++] : null;
        if (sigil == '#' && i < end && template[i] is '>' or '*')
        {
            // A partial block or a decorator: nothing of the model is named by them here.
            sigil = '>';
        }

        while (end > i && (template[end - 1] == '~' || char.IsWhiteSpace(template[end - 1])))
        {
            end--;
        }

        var tokens = new List<MustacheToken>();
        var helperNext = false;
        while (i < end)
        {
            var c = template[i];
            if (char.IsWhiteSpace(c) || c == ')')
            {
                i++;
                continue;
            }

            if (c == '(')
            {
                helperNext = true;
                i++;
                continue;
            }

            if (c == '|')
            {
                break;
            }

            var from = i;
            while (i < end && !char.IsWhiteSpace(template[i]) && template[i] is not '(' and not ')' and not '|')
            {
                var quote = template[i];
                if (quote is '"' or '\'' or '[')
                {
                    var closing = template.IndexOf(quote == '[' ? ']' : quote, i + 1);
                    i = closing < 0 || closing >= end ? end : closing;
                }

                i++;
            }

            var text = template[from..i];
            if (text == "as" && template.IndexOf('|', i) is var bar && bar >= 0 && bar < end && template[i..bar].Trim().Length == 0)
            {
                break;
            }

            tokens.Add(new MustacheToken(text, from, helperNext));
            helperNext = false;
        }

        return (sigil, tokens);
    }
}
