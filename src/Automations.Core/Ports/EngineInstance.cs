namespace Automations.Core.Ports;

/// <summary>
/// One engine process of a cluster, as it registers itself in the shared store and heartbeats there:
/// what it runs (<see cref="Roles"/>), with how many workers, since when, and when it last said so.
/// </summary>
public sealed record EngineInstance
{
    /// <summary>Unique per process: the host name, the process id and a random part (a restarted container often has the same pid).</summary>
    public required string Id { get; init; }

    public required string HostName { get; init; }

    public required int ProcessId { get; init; }

    /// <summary>Of <c>worker</c>, <c>scheduler</c>, <c>api</c>.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Sessions its workers run at once; 0 without workers.</summary>
    public required int Concurrency { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Its last heartbeat; the store sets it.</summary>
    public DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>Whether a worker id (a job's lease owner) is one of this instance's workers.</summary>
    public bool Holds(string? leaseOwner) => leaseOwner is not null && leaseOwner.StartsWith(Id + ":", StringComparison.Ordinal);
}
