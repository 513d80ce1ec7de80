using System.Globalization;

namespace Automations.Host.Dashboard;

/// <summary>How the console writes ages, money and counts.</summary>
public static class ConsoleFormat
{
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

    /// <summary>A share as a percentage, or a dash when there is none.</summary>
    public static string Share(double? share) => share is { } s ? Core.Outcomes.AutomationRecord.Percent(s) : "-";

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
