using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>Sessions and their append-only events.</summary>
public interface ISessionStore
{
    Task<Session?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>The session's events with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events in order and, in the same transaction, applies their changes to the session.
    /// Returns the sequence number of the last one.
    /// </summary>
    Task<long> AppendAsync(string sessionId, IReadOnlyList<SessionEventDraft> events, CancellationToken cancellationToken);
}
