using System.Globalization;

namespace Automations.Host.Dashboard;

/// <summary>How the console writes ages, money and counts.</summary>
public static partial class ConsoleFormat
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Age(DateTimeOffset now, DateTimeOffset then) => Duration(now - then);

    public static string Duration(TimeSpan age)
    {
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    public static string Cost(decimal usd) => "$" + usd.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// JSON indented for reading, cut at <paramref name="maxChars"/>: the text, and how many characters were
    /// left out (0 when none).
    /// </summary>
    public static (string Text, int LeftOut) Json(System.Text.Json.Nodes.JsonNode? node, int maxChars)
    {
        var text = node is null ? string.Empty : node.ToJsonString(Indented);
        return text.Length <= maxChars ? (text, 0) : (text[..maxChars], text.Length - maxChars);
    }

    /// <summary>An error as the console shows it: each absolute path on the engine's disk cut to its last part (<c>…/acme/web.git</c>).</summary>
    public static string Note(string? text) => text is null ? string.Empty : AbsolutePath().Replace(text, "…/$1");

    /// <summary>A share as a percentage, or a dash when there is none.</summary>
    public static string Share(double? share) => share is { } s ? Core.Outcomes.AutomationRecord.Percent(s) : "-";

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.:/])/(?:[\w.@+-]+/)*([\w.@+-]+/[\w.@+-]+)")]
    private static partial System.Text.RegularExpressions.Regex AbsolutePath();
}
