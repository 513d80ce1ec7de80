using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>
/// A leased job. Exactly one of complete, fail or release ends it; disposing a lease that was not ended
/// releases the job so that it runs again.
/// </summary>
public interface IJobLease : IAsyncDisposable
{
    SessionJob Job { get; }

    /// <summary>1 for the first run, 2 for the first retry, ...</summary>
    int Attempt { get; }

    /// <summary>True when taking the lease also stamped the session's heartbeat, in the same write (the store's own queue).</summary>
    bool BeatSession { get; }

    /// <summary>Extends the lease (the heartbeat). False if the lease was lost to another worker.</summary>
    Task<bool> ExtendAsync(CancellationToken cancellationToken);

    /// <summary>The job is finished, whatever the session's outcome; it is removed from the queue.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The attempt failed: retry after a backoff, or go dead after the last attempt. When the job runs
    /// again, or null when it is dead.
    /// </summary>
    Task<DateTimeOffset?> FailAsync(string error, CancellationToken cancellationToken);

    /// <summary>Gives the job back at once, without counting the attempt (a graceful stop).</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);

    /// <summary>Gives the job back to run after <paramref name="delay"/>, without counting the attempt (a lock is held elsewhere).</summary>
    Task PostponeAsync(TimeSpan delay, CancellationToken cancellationToken);
}
