using Automations.Core.Ports;

namespace Automations.Core.Pauses;

/// <summary>
/// The pause switches, cached: the webhook path reads them on every delivery without asking the store,
/// which is read again once the snapshot is older than the refresh interval (so a pause made on another
/// instance is honoured within it) and at once after a change made here.
/// </summary>
public sealed class AutomationPauses(IPauseStore store, TimeProvider time, TimeSpan? refresh = null)
{
    /// <summary>How old a snapshot may be before the store is read again.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _refresh = refresh ?? DefaultRefresh;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PauseSnapshot Snapshot, DateTimeOffset ReadAt)? _current;

    /// <summary>The switches, read from the store at most once per refresh interval.</summary>
    public async ValueTask<PauseSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } snapshot)
        {
            return snapshot;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Callers that waited here take what the first one read.
            return Fresh() ?? await ReadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Pauses <paramref name="automation"/> (or <see cref="AutomationPause.All"/>); false if it was paused already.</summary>
    public async Task<bool> PauseAsync(string automation, string reason, string by, CancellationToken cancellationToken)
    {
        var paused = await store.PauseAsync(new AutomationPause(automation, reason, by, time.GetUtcNow()), cancellationToken);
        await ReloadAsync(cancellationToken);
        return paused;
    }

    /// <summary>Lifts the pause of <paramref name="automation"/> (or <see cref="AutomationPause.All"/>); false if it was not paused.</summary>
    public async Task<bool> ResumeAsync(string automation, CancellationToken cancellationToken)
    {
        var resumed = await store.ResumeAsync(automation, cancellationToken);
        await ReloadAsync(cancellationToken);
        return resumed;
    }

    private PauseSnapshot? Fresh() =>
        _current is { } current && time.GetUtcNow() - current.ReadAt < _refresh ? current.Snapshot : null;

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ReadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PauseSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var readAt = time.GetUtcNow();
        var snapshot = new PauseSnapshot(await store.ListAsync(cancellationToken));
        _current = (snapshot, readAt);
        return snapshot;
    }
}
