namespace Automations.Host.Workers;

/// <summary>
/// Wakes idle workers at once when this instance makes a job runnable (a delivery, a message, a resume),
/// so that a session starts without waiting for the next poll. Polling stays the fallback for jobs made
/// elsewhere.
/// </summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    /// <summary>Wakes up to <paramref name="jobs"/> waiting workers.</summary>
    public void Notify(int jobs = 1)
    {
        if (jobs > 0)
        {
            _signal.Release(Math.Min(jobs, 64));
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
