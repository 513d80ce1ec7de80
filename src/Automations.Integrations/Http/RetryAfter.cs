using System.Globalization;
using System.Net.Http.Headers;

namespace Automations.Integrations.Http;

/// <summary>Reads the waits providers ask for: <c>Retry-After</c> and rate-limit reset headers.</summary>
public static class RetryAfter
{
    /// <summary><c>Retry-After</c> as seconds or as an HTTP date, from <paramref name="now"/>; never negative. Null when absent.</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            return Until(date, now);
        }

        // A value HttpClient could not parse (a fraction of a second, say) still counts.
        if (headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return null;
    }

    /// <summary>The wait until a reset given in UTC epoch seconds (GitHub's <c>x-ratelimit-reset</c>).</summary>
    public static TimeSpan? UntilEpochSeconds(HttpResponseHeaders headers, string name, DateTimeOffset now) =>
        Header(headers, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? Until(DateTimeOffset.FromUnixTimeSeconds(epoch), now)
            : null;

    /// <summary>The wait until a reset given in UTC epoch milliseconds (Linear's <c>X-RateLimit-Requests-Reset</c>).</summary>
    public static TimeSpan? UntilEpochMilliseconds(HttpResponseHeaders headers, string name, DateTimeOffset now) =>
        Header(headers, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? Until(DateTimeOffset.FromUnixTimeMilliseconds(epoch), now)
            : null;

    public static string? Header(HttpResponseHeaders headers, string name)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
    }

    private static TimeSpan Until(DateTimeOffset instant, DateTimeOffset now) => instant > now ? instant - now : TimeSpan.Zero;
}
