using System.Text;
using System.Text.RegularExpressions;

namespace Automations.Core.Matching;

/// <summary>
/// <c>{ glob: "fix/*" }</c>: some value matches the whole pattern, ignoring case. <c>*</c> is any run of
/// characters but <c>/</c>, <c>?</c> one character but <c>/</c>, <c>**</c> anything (<c>**/</c> also nothing).
/// </summary>
internal sealed class GlobCondition : WhereCondition
{
    private readonly Regex _regex;

    public GlobCondition(string pattern)
    {
        Pattern = pattern;

        // A linear-time engine: a glob is a plain pattern, and no pattern of stars may make matching slow.
        // So it needs no timeout, which on a busy machine cut the engine's first, lazy build of its states
        // short and made a glob miss a value it matches.
        _regex = new Regex(
            ToRegex(pattern),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
            Regex.InfiniteMatchTimeout);
    }

    public string Pattern { get; }

    public override bool Matches(IReadOnlyList<EventValue> values) => RegexCondition.AnyMatch(_regex, values);

    public override string Describe() => "glob " + EventValue.Quote(Pattern);

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(?:.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                default:
                    regex.Append(Regex.Escape(glob[i].ToString()));
                    break;
            }
        }

        return regex.Append(@"\z").ToString();
    }
}
