namespace Automations.Core.Ports;

/// <summary>The engine instances sharing the store, each registered by itself and kept by its heartbeat.</summary>
public interface IInstanceRegistry
{
    /// <summary>Registers the instance, or records its heartbeat: its <see cref="EngineInstance.HeartbeatAt"/> becomes now.</summary>
    Task BeatAsync(EngineInstance instance, CancellationToken cancellationToken);

    /// <summary>Every registered instance, the earliest started first.</summary>
    Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Takes the instance out (it stopped). False if it was not registered.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes instances silent since before <paramref name="silentSince"/>; how many.</summary>
    Task<int> PruneAsync(DateTimeOffset silentSince, CancellationToken cancellationToken);
}
