using System.Globalization;

namespace Automations.Core.Sources.StandardWebhooks;

/// <summary>Signed timestamps in unix seconds, as Slack and Standard Webhooks send them in a header.</summary>
internal static class UnixSeconds
{
    /// <summary>Digits only: no sign, no spaces, no fraction, at most what a long holds.</summary>
    public static bool TryParse(string text, out long seconds) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);

    /// <summary>Whether <paramref name="seconds"/> is no more than <paramref name="window"/> from <paramref name="now"/>, before or after.</summary>
    public static bool Within(long seconds, DateTimeOffset now, TimeSpan window)
    {
        // Both are non-negative and now is far below long.MaxValue, so the difference cannot overflow.
        var difference = Math.Abs(now.ToUnixTimeSeconds() - seconds);
        return difference <= (long)window.TotalSeconds;
    }

    /// <summary>The instant of a JSON number of unix seconds (Slack's <c>event_time</c>), or null when out of range.</summary>
    public static DateTimeOffset? ToInstant(long? seconds) =>
        seconds is >= 0 and <= 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;
}
