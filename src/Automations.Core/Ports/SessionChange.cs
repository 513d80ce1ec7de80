namespace Automations.Core.Ports;

/// <summary>What an event changes on the session's projection; null fields stay as they are.</summary>
public sealed record SessionChange
{
    public string? Status { get; init; }

    public string? Error { get; init; }

    public string? Branch { get; init; }

    public string? Repository { get; init; }

    public string? RepositoryUrl { get; init; }

    public string? Base { get; init; }

    public string? Agent { get; init; }

    public string? AgentSessionId { get; init; }

    public string? Activity { get; init; }

    public string? ConcurrencyKey { get; init; }

    /// <summary>The question the session waits on; <see cref="string.Empty"/> clears it.</summary>
    public string? Question { get; init; }

    /// <summary>Added to the session's totals: the agent's own report of one turn.</summary>
    public decimal? AddCostUsd { get; init; }

    public long? AddInputTokens { get; init; }

    public long? AddOutputTokens { get; init; }

    public int? AddTurns { get; init; }

    /// <summary>Whether the session's agent runs in the engine's sandbox.</summary>
    public bool? Sandboxed { get; init; }

    /// <summary>Bytes of agent output this event stores, added to the session's total.</summary>
    public long? AddOutputBytes { get; init; }

    /// <summary>This event is a message for the agent: the session's inbox now ends at its sequence number.</summary>
    public bool IsMessage { get; init; }

    /// <summary>A turn took the messages up to this sequence number.</summary>
    public long? HandledSeq { get; init; }

    /// <summary>The session's Slack thread, <c>channel/ts</c>, once it is opened: replies and buttons there steer the session.</summary>
    public string? SlackThread { get; init; }

    /// <summary>The session's pull request, once it has one.</summary>
    public Sessions.PullRequestRef? PullRequest { get; init; }
}
