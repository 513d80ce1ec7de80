namespace Automations.Core.Sessions;

/// <summary>
/// Wakes idle workers at once when a job becomes runnable (a delivery, a message, a resume), so that a
/// session starts without waiting for the next poll. This instance signals what it makes itself; a store
/// shared by several instances also signals what the others make (PostgreSQL's <c>LISTEN/NOTIFY</c>).
/// Polling stays the fallback for anything no signal covers.
/// </summary>
public sealed class WorkSignal
{
    // More pending wake-ups than workers only make idle workers look into an empty queue again.
    private const int MaxPending = 256;

    private readonly SemaphoreSlim _signal = new(0, MaxPending);

    /// <summary>Wakes up to <paramref name="jobs"/> waiting workers.</summary>
    public void Notify(int jobs = 1)
    {
        var room = MaxPending - _signal.CurrentCount;
        if (jobs <= 0 || room <= 0)
        {
            return;
        }

        try
        {
            _signal.Release(Math.Min(jobs, room));
        }
        catch (SemaphoreFullException)
        {
            // Another caller filled it in between: enough workers are being woken.
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
