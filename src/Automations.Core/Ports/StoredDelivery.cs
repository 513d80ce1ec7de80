using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>A delivery as stored, for the API and for workers.</summary>
public sealed record StoredDelivery
{
    public required string Source { get; init; }

    public required string DeliveryId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Status { get; init; }

    public string? Kind { get; init; }

    public string? Error { get; init; }

    public string? EventJson { get; init; }

    public required IReadOnlyList<string> Matched { get; init; }

    public required IReadOnlyList<string> SessionIds { get; init; }

    public IReadOnlyList<RefusedMatch> Refused { get; init; } = [];

    public int BodyBytes { get; init; }
}
