using System.Text.Json;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>Sessions and their append-only events.</summary>
public interface ISessionStore
{
    Task<Session?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionEvent>> GetEventsAsync(string id, long afterSeq, CancellationToken cancellationToken);

    /// <summary>Appends an event and, in the same transaction, applies its change to the session.</summary>
    Task<long> AppendAsync(string sessionId, string type, JsonElement data, SessionChange? change, CancellationToken cancellationToken);
}

/// <summary>What an event changes on the session's projection; null fields stay as they are.</summary>
public sealed record SessionChange
{
    public string? Status { get; init; }

    public string? Error { get; init; }

    public string? Branch { get; init; }

    public string? Repository { get; init; }
}

public sealed record SessionQuery
{
    public string? Status { get; init; }

    public string? Automation { get; init; }

    public int Limit { get; init; } = 100;
}
