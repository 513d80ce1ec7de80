using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>
/// The durable queue of session jobs. A taken job is a lease: it is invisible to other workers until
/// the lease runs out, and comes back by itself if its worker dies. Delivery is at least once.
/// </summary>
public interface IJobQueue
{
    /// <summary>Takes the next available job, or null when none is due.</summary>
    Task<IJobLease?> TryLeaseAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>Jobs in the queue: available, leased, dead.</summary>
    Task<QueueCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>The job of session <paramref name="sessionId"/>, in whatever state; null when it has none.</summary>
    Task<QueuedJob?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> jobs running now (leased, the lease not run out), the longest running first.</summary>
    Task<IReadOnlyList<QueuedJob>> ListRunningAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> dead jobs, the newest first.</summary>
    Task<IReadOnlyList<QueuedJob>> ListDeadAsync(int limit, CancellationToken cancellationToken);
}
