using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>Where deliveries, and the sessions and jobs they start, are made durable together.</summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Stores the delivery and, when it is new, its sessions and their jobs, in one transaction. Returns
    /// once that transaction has committed. A delivery already stored under the same source and id is a
    /// duplicate: nothing is written, and the first answer comes back.
    /// </summary>
    Task<RecordResult> RecordAsync(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, CancellationToken cancellationToken);

    Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken);

    /// <summary>The delivery's normalized event, its payload rebuilt from the stored body; null if it has none.</summary>
    Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDelivery>> ListAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>What a delivery became: <c>accepted</c>, <c>ignored</c> (a ping) or <c>malformed</c>.</summary>
public static class DeliveryStatus
{
    public const string Accepted = "accepted";
    public const string Ignored = "ignored";
    public const string Malformed = "malformed";
}

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
}

/// <summary>A session to create with its job, in the delivery's transaction.</summary>
public sealed record NewSession(string Id, string Automation, string Kind, string? Repository);

/// <summary>The answer to a delivery: its sessions, and whether it had been stored before.</summary>
public sealed record RecordResult(bool Duplicate, IReadOnlyList<string> Matched, IReadOnlyList<string> SessionIds);

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

    public int BodyBytes { get; init; }
}
