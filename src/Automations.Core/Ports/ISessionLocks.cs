namespace Automations.Core.Ports;

/// <summary>
/// Named locks held by sessions, shared by every worker on the store: one code-changing session per
/// repository and branch, an automation's concurrency slots, and concurrency keys. A lock is free when
/// nobody holds it, when its holder's lease ran out, or when its holder's session has ended.
/// </summary>
public interface ISessionLocks
{
    /// <summary>Takes <paramref name="key"/> for <paramref name="sessionId"/> until <paramref name="expiresAt"/>; null if taken, else the holder's session id.</summary>
    Task<string?> TryAcquireAsync(string key, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Takes the first free key among <paramref name="keys"/>: the key taken, or null if all are held.</summary>
    Task<string?> TryAcquireAnyAsync(IReadOnlyList<string> keys, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Extends the session's locks that run out, to <paramref name="expiresAt"/> (the heartbeat).</summary>
    Task ExtendAsync(string sessionId, DateTimeOffset before, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Releases the given locks if the session holds them.</summary>
    Task ReleaseAsync(string sessionId, IReadOnlyList<string> keys, CancellationToken cancellationToken);
}
