using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// A job delivered by an outside queue (Service Bus) and claimed by its id, as a lease like any other, so
/// that <see cref="JobRunner"/> runs and settles it as it does the store's own. Giving it back hands it to
/// the outside queue, which delivers it again: at once when released, after the backoff when an attempt
/// failed (the host waits that long before it answers), and never after the last delivery, when the job is
/// dead. A postponed job waits in the store, and is handed over again when it is due.
/// </summary>
public sealed class HandedOverLease(IJobLease claimed, IJobHandoff handoff, HandoverPolicy policy, TimeProvider time) : IJobLease
{
    public SessionJob Job => claimed.Job;

    /// <summary>The outside queue's delivery count.</summary>
    public int Attempt => claimed.Attempt;

    public bool BeatSession => claimed.BeatSession;

    public Task<bool> ExtendAsync(CancellationToken cancellationToken) => claimed.ExtendAsync(cancellationToken);

    public Task CompleteAsync(CancellationToken cancellationToken) => claimed.CompleteAsync(cancellationToken);

    public Task PostponeAsync(TimeSpan delay, CancellationToken cancellationToken) => claimed.PostponeAsync(delay, cancellationToken);

    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        handoff.HandBackAsync(claimed, policy.Owner, time.GetUtcNow() + policy.HandoffTimeout, null, cancellationToken);

    public async Task<DateTimeOffset?> FailAsync(string error, CancellationToken cancellationToken)
    {
        if (Attempt >= policy.MaxDeliveries)
        {
            await handoff.MarkDeadAsync(claimed, error, cancellationToken);
            return null;
        }

        // The job is the outside queue's until after the backoff and the delivery, should the message be lost.
        var retryAt = time.GetUtcNow() + Backoff.Delay(Attempt, policy.RetryBaseDelay, policy.RetryMaxDelay, Random.Shared.NextDouble());
        await handoff.HandBackAsync(claimed, policy.Owner, retryAt + policy.HandoffTimeout, error, cancellationToken);
        return retryAt;
    }

    public ValueTask DisposeAsync() => claimed.DisposeAsync();
}
