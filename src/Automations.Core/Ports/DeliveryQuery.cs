namespace Automations.Core.Ports;

/// <summary>Which deliveries to list, newest first: each filter is optional; <see cref="Before"/> pages.</summary>
public sealed record DeliveryQuery
{
    public string? Source { get; init; }

    /// <summary>One of <see cref="DeliveryStatus.Stored"/>.</summary>
    public string? Outcome { get; init; }

    /// <summary>Received at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Received before.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only deliveries older than the one with this cursor (<see cref="StoredDelivery.Cursor"/>): the next page.</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = 100;
}
