using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>A delivery to store: the raw body always, the normalized event when there is one.</summary>
public sealed record DeliveryRecord
{
    public required string Source { get; init; }

    public required string DeliveryId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Status { get; init; }

    public string? Kind { get; init; }

    public string? Error { get; init; }

    /// <summary>The provider's headers, without signature headers.</summary>
    public required string HeadersJson { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The normalized event without its payload (<see cref="TriggerEvent.ToEnvelopeJson"/>): the payload is <see cref="Body"/>.</summary>
    public string? EventJson { get; init; }

    public IReadOnlyList<string> Matched { get; init; } = [];

    /// <summary>Automations that matched but whose actor rules refused the event: they start nothing.</summary>
    public IReadOnlyList<RefusedMatch> Refused { get; init; } = [];

    /// <summary>The delivery this one replays (<c>POST /api/deliveries/{id}/replay</c>), or null.</summary>
    public string? ReplayOf { get; init; }

    /// <summary>When set, the delivery's jobs are handed over as they are made, in its own commit; else they wait in the store.</summary>
    public JobHandover? HandOver { get; init; }
}
