using System.Text.Json.Serialization;

namespace Automations.Core.Ports;

/// <summary>A delivery as stored, for the API and for workers.</summary>
public sealed record StoredDelivery
{
    public required string Source { get; init; }

    public required string DeliveryId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>One of <see cref="DeliveryStatus.Stored"/>.</summary>
    public required string Outcome { get; init; }

    public string? Kind { get; init; }

    public string? Error { get; init; }

    /// <summary>The normalized event without its payload; the detail shows it whole.</summary>
    [JsonIgnore]
    public string? EventJson { get; init; }

    public required IReadOnlyList<string> Matched { get; init; }

    public required IReadOnlyList<string> SessionIds { get; init; }

    public IReadOnlyList<RefusedMatch> Refused { get; init; } = [];

    public int BodyBytes { get; init; }

    /// <summary>The delivery this one replays, or null.</summary>
    public string? ReplayOf { get; init; }

    /// <summary>Its place in arrival order: <c>before=</c> this lists the deliveries that came in earlier.</summary>
    public long Cursor { get; init; }

    /// <summary>The headers kept (never a signature, a key or a cookie), as JSON; shown in a delivery's detail.</summary>
    [JsonIgnore]
    public string HeadersJson { get; init; } = "{}";
}
