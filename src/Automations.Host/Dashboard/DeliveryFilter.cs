using System.Globalization;
using Automations.Core.Ports;

namespace Automations.Host.Dashboard;

/// <summary>
/// The deliveries page's filters, as the query string carries them: source, outcome, a time range (UTC,
/// as a <c>datetime-local</c> field sends it, or any ISO 8601 instant) and the page's cursor. Bad input is a
/// line for the person, never a 500.
/// </summary>
public sealed record DeliveryFilter(string? Source, string? Outcome, string? Since, string? Until, string? Before)
{
    public const int PageSize = 50;

    /// <summary>The sources a delivery may come from, for the filter's choices.</summary>
    public static readonly IReadOnlyList<string> Sources = ["github", "sentry", "linear", "slack", "webhook", "schedule", "manual"];

    /// <summary>The store's query, or why the filters cannot make one.</summary>
    public (DeliveryQuery? Query, string? Problem) ToQuery()
    {
        if (Outcome is { Length: > 0 } outcome && !DeliveryStatus.Stored.Contains(outcome))
        {
            return (null, $"Unknown outcome '{outcome}': one of {string.Join(", ", DeliveryStatus.Stored)}.");
        }

        if (!TryTime(Since, out var since) || !TryTime(Until, out var until))
        {
            return (null, "A time is read as UTC, written 2026-12-06T15:30 (or any ISO 8601 instant).");
        }

        long? before = null;
        if (Blank(Before) is { } cursor)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return (null, $"'{cursor}' is not a page cursor: follow the \"Older\" link.");
            }

            before = b;
        }

        return (new DeliveryQuery
        {
            Source = Blank(Source)?.ToLowerInvariant(),
            Outcome = Blank(Outcome),
            Since = since,
            Until = until,
            Before = before,
            Limit = PageSize,
        }, null);
    }

    /// <summary>This page's filters with the cursor moved to <paramref name="before"/>.</summary>
    public string Link(long? before)
    {
        var parts = new List<string>();
        Add(parts, "source", Source);
        Add(parts, "outcome", Outcome);
        Add(parts, "since", Since);
        Add(parts, "until", Until);
        Add(parts, "before", before?.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "/deliveries" : "/deliveries?" + string.Join('&', parts);
    }

    /// <summary>A delivery's own page: each segment of its id escaped, its slashes kept (the route takes the rest of the path).</summary>
    public static string PageOf(string source, string deliveryId) =>
        $"/deliveries/{Uri.EscapeDataString(source)}/{string.Join('/', deliveryId.Split('/').Select(Uri.EscapeDataString))}";

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (Blank(text) is not { } t)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Add(List<string> parts, string name, string? value)
    {
        if (Blank(value) is { } v)
        {
            parts.Add($"{name}={Uri.EscapeDataString(v)}");
        }
    }
}
