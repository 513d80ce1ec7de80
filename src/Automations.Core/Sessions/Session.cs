namespace Automations.Core.Sessions;

/// <summary>A session as the API shows it (CONTRACT.md). Its status is the projection of its events.</summary>
public sealed record Session
{
    public required string Id { get; init; }

    public required string Automation { get; init; }

    public required string Status { get; init; }

    /// <summary><c>active, ready, idle, waiting_input, blocked, exited</c>, from the agent's output.</summary>
    public string? Activity { get; init; }

    public string? Repository { get; init; }

    public string? Branch { get; init; }

    public PullRequestRef? PullRequest { get; init; }

    public required SessionTrigger Trigger { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>The configured agent that runs it (<c>agent.use</c>).</summary>
    public string? Agent { get; init; }

    /// <summary>What the agent asked, while the session is <c>needs_input</c>.</summary>
    public string? Question { get; init; }

    /// <summary>Spend so far, from the agent's own reports.</summary>
    public decimal CostUsd { get; init; }

    public SessionTokens Tokens { get; init; } = new(0, 0);

    /// <summary>Agent turns so far, as the agent counts them.</summary>
    public int Turns { get; init; }

    /// <summary>True when its agent runs in the engine's sandbox, false when it ran unsandboxed; null before its first turn.</summary>
    public bool? Sandboxed { get; init; }

    /// <summary>How its pull request ended: <c>merged</c>, <c>closed</c> (unmerged) or <c>reverted</c> later; null while it has not.</summary>
    public string? Outcome { get; init; }

    /// <summary>When <see cref="Outcome"/> was last recorded.</summary>
    public DateTimeOffset? OutcomeAt { get; init; }

    /// <summary>The repository, path and commit of the definition it ran under (no repository or commit for the local folder); null for a session started without one.</summary>
    public Definitions.DefinitionOrigin? Definition { get; init; }

    /// <summary>Bytes of agent output stored so far, against the engine's cap.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long OutputBytes { get; init; }

    /// <summary>The agent's own session id, which follow-ups resume. Not shown in the API's summary.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AgentSessionId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? RepositoryUrl { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? Base { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? ConcurrencyKey { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>Sequence number of the newest message for the agent.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long InboxSeq { get; init; }

    /// <summary>Sequence number of the newest message a turn has taken.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long HandledSeq { get; init; }

    /// <summary>The sequence number of its newest event.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long LastSeq { get; init; }

    /// <summary>Messages wait for a turn.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasPendingMessages => InboxSeq > HandledSeq;
}
