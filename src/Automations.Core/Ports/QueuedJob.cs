namespace Automations.Core.Ports;

/// <summary>A job in the queue as the console and <c>/api/queue</c> list it; its id is its session's.</summary>
public sealed record QueuedJob
{
    public required string SessionId { get; init; }

    public required string Automation { get; init; }

    /// <summary><c>ready</c>, <c>leased</c>, <c>done</c> or <c>dead</c>.</summary>
    public required string State { get; init; }

    public required string Source { get; init; }

    public required string DeliveryId { get; init; }

    /// <summary>Runs so far (the running one included).</summary>
    public required int Attempts { get; init; }

    /// <summary>The worker that holds a running job's lease (<c>{instance}:{n}</c> for <c>serve</c>'s workers); null otherwise.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>A running job's lease deadline; when a waiting job is due.</summary>
    public required DateTimeOffset AvailableAt { get; init; }

    /// <summary>Why its last attempt failed (a dead job's reason).</summary>
    public string? LastError { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
