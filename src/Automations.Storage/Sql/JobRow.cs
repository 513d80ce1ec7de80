using Automations.Core.Ports;

namespace Automations.Storage.Sql;

/// <summary>A <c>jobs</c> row as Dapper reads it for a listing.</summary>
internal sealed class JobRow
{
    public const string Columns =
        "id AS Id, automation AS Automation, state AS State, source AS Source, delivery_id AS DeliveryId, attempts AS Attempts, " +
        "lease_owner AS LeaseOwner, available_at AS AvailableAt, last_error AS LastError, created_at AS CreatedAt";

    public string Id { get; set; } = "";

    public string Automation { get; set; } = "";

    public string State { get; set; } = "";

    public string Source { get; set; } = "";

    public string DeliveryId { get; set; } = "";

    public long Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public long AvailableAt { get; set; }

    public string? LastError { get; set; }

    public long CreatedAt { get; set; }

    public QueuedJob ToJob() => new()
    {
        SessionId = Id,
        Automation = Automation,
        State = State,
        Source = Source,
        DeliveryId = DeliveryId,
        Attempts = (int)Attempts,
        LeaseOwner = LeaseOwner,
        AvailableAt = DateTimeOffset.FromUnixTimeMilliseconds(AvailableAt),
        LastError = LastError,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
    };
}
