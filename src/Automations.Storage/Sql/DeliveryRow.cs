using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>A <c>deliveries</c> row as Dapper reads it.</summary>
internal sealed class DeliveryRow
{
    public string Source { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long ReceivedAt { get; set; }

    public string Outcome { get; set; } = "";

    public string? Kind { get; set; }

    public string? Error { get; set; }

    public string? EventJson { get; set; }

    public string Matched { get; set; } = "[]";

    public string Sessions { get; set; } = "[]";

    public string Refused { get; set; } = "[]";

    public long BodyBytes { get; set; }

    public string? ReplayOf { get; set; }

    public long Cursor { get; set; }

    public string HeadersJson { get; set; } = "{}";

    public StoredDelivery ToStored() => new()
    {
        Source = Source,
        DeliveryId = DeliveryId,
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAt),
        Outcome = Outcome,
        Kind = Kind,
        Error = Error,
        EventJson = EventJson,
        Matched = SqlDeliveryStore.ParseList(Matched),
        SessionIds = SqlDeliveryStore.ParseList(Sessions),
        Refused = System.Text.Json.JsonSerializer.Deserialize<List<RefusedMatch>>(Refused) ?? [],
        BodyBytes = (int)BodyBytes,
        ReplayOf = ReplayOf,
        Cursor = Cursor,
        HeadersJson = HeadersJson,
    };
}
