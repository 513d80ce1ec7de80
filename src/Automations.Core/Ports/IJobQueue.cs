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
}

/// <summary>
/// A leased job. Exactly one of complete, fail or release ends it; disposing a lease that was not ended
/// releases the job so that it runs again.
/// </summary>
public interface IJobLease : IAsyncDisposable
{
    SessionJob Job { get; }

    /// <summary>1 for the first run, 2 for the first retry, ...</summary>
    int Attempt { get; }

    /// <summary>Extends the lease (the heartbeat). False if the lease was lost to another worker.</summary>
    Task<bool> ExtendAsync(CancellationToken cancellationToken);

    /// <summary>The job is finished, whatever the session's outcome; it is removed from the queue.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>The attempt failed: retry after a backoff, or go dead after the last attempt. True if dead.</summary>
    Task<bool> FailAsync(string error, CancellationToken cancellationToken);

    /// <summary>Gives the job back at once, without counting the attempt (a graceful stop).</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}

public sealed record QueueCounts(int Available, int Leased, int Dead);
