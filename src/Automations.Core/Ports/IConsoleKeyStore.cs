namespace Automations.Core.Ports;

/// <summary>
/// The console's cookie keys, as the data protection key ring writes them (one XML element per key), kept
/// where every instance of the engine reads them: a cookie one instance issues opens every other.
/// </summary>
public interface IConsoleKeyStore
{
    /// <summary>Every key element, oldest first.</summary>
    Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Keeps a new key element; a name kept before is left as it was (keys never change).</summary>
    Task AddAsync(string name, string xml, CancellationToken cancellationToken);
}
