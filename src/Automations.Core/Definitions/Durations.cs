using System.Globalization;
using System.Text.RegularExpressions;

namespace Automations.Core.Definitions;

/// <summary>Durations as definitions write them: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>.</summary>
public static partial class Durations
{
    /// <summary>The duration, or null with the reason in <paramref name="error"/>.</summary>
    public static TimeSpan? TryParse(string text, string name, out string? error)
    {
        var match = Pattern().Match(text);
        if (text.Length == 0 || !match.Success)
        {
            error = $"'{name}' must be a duration such as 90s, 30m, 2h or 1h30m, not '{text}'";
            return null;
        }

        var duration = TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
        if (duration <= TimeSpan.Zero)
        {
            error = $"'{name}' must be longer than zero";
            return null;
        }

        error = null;
        return duration;
    }

    /// <summary>A duration as definitions write it: <c>1h30m</c>, <c>45s</c>; whole seconds.</summary>
    public static string Format(TimeSpan duration)
    {
        var hours = (long)duration.TotalHours;
        var text = (hours > 0 ? $"{hours}h" : "") + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "") + (duration.Seconds > 0 ? $"{duration.Seconds}s" : "");
        return text.Length == 0 ? "0s" : text;
    }

    /// <summary>A duration as errors tell it: <c>10m</c> for whole minutes, else seconds, <c>2s</c>, <c>0.25s</c>.</summary>
    public static string Describe(TimeSpan duration) =>
        duration.TotalMinutes >= 1 && duration.Seconds == 0 && duration.Milliseconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.##}m")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");

    private static int Part(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    // At most six digits a part, so no duration overflows a TimeSpan.
    /// <summary>A duration's pattern, which the definitions' JSON Schema carries too.</summary>
    internal const string PatternText = @"\A(?:(?<h>[0-9]{1,6})h)?(?:(?<m>[0-9]{1,6})m)?(?:(?<s>[0-9]{1,6})s)?\z";

    [GeneratedRegex(PatternText, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
