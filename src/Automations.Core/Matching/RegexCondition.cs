using System.Text.RegularExpressions;

namespace Automations.Core.Matching;

/// <summary>
/// <c>{ regex: "..." }</c>: the pattern is found in some value (anchor it with <c>^</c> and <c>$</c> to match
/// whole values); case matters unless the pattern says <c>(?i)</c>. Compiled once; a match that runs past
/// <see cref="MatchTimeout"/> counts as no match.
/// </summary>
internal sealed class RegexCondition : WhereCondition
{
    private readonly Regex _regex;

    private RegexCondition(Regex regex) => _regex = regex;

    /// <summary>How long one value may take to match. 100 milliseconds.</summary>
    public static TimeSpan MatchTimeout { get; } = TimeSpan.FromMilliseconds(100);

    public string Pattern => _regex.ToString();

    /// <summary>Compiles <paramref name="pattern"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static RegexCondition? TryCreate(string pattern, out string? error)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            error = null;
            return new RegexCondition(regex);
        }
        catch (ArgumentException ex)
        {
            error = $"invalid regex {EventValue.Quote(pattern)}: {ex.Message}";
            return null;
        }
    }

    public override bool Matches(IReadOnlyList<EventValue> values) => AnyMatch(_regex, values);

    public override string Describe() => "regex " + EventValue.Quote(Pattern);

    internal static bool AnyMatch(Regex regex, IReadOnlyList<EventValue> values)
    {
        foreach (var value in values)
        {
            if (value.Text is null)
            {
                continue;
            }

            try
            {
                if (regex.IsMatch(value.Text))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern or value: this value does not match.
            }
        }

        return false;
    }
}
