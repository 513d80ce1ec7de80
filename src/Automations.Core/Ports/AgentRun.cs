namespace Automations.Core.Ports;

/// <summary>One agent turn: which configured agent, where, with what prompt.</summary>
public sealed record AgentRun
{
    public required string SessionId { get; init; }

    /// <summary>The name of a configured agent (<c>agent.use</c>).</summary>
    public required string Agent { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>The agent's <c>HOME</c>: the same for the session across turns and restarts.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>The session's own folder, outside the checkout: the prompt file and process records go here.</summary>
    public required string SessionDirectory { get; init; }

    /// <summary>An object store the checkout borrows (<see cref="Workspace.ObjectStore"/>): the agent reads it, and nothing else of the engine's.</summary>
    public string? ObjectStore { get; init; }

    /// <summary>What the agent is asked in this turn: the instructions, a follow-up or an answer.</summary>
    public required string Prompt { get; init; }

    public required TimeSpan Timeout { get; init; }

    public string? Model { get; init; }

    public int? MaxTurns { get; init; }

    /// <summary>1 for the session's first turn; follow-ups count up.</summary>
    public int Turn { get; init; } = 1;

    /// <summary>
    /// The agent's own session to continue (a follow-up, an answer, or a run after a crash). Null starts a
    /// new conversation.
    /// </summary>
    public string? ResumeAgentSessionId { get; init; }

    /// <summary>
    /// For a new conversation: the id the engine chose for it, for agents that accept one (Claude Code's
    /// <c>--session-id</c>), so that a crash before the agent's first report can still be resumed.
    /// </summary>
    public string? NewAgentSessionId { get; init; }

    /// <summary>What this turn may still spend, in US dollars, where the agent can enforce it. Null: no limit.</summary>
    public decimal? MaxCostUsd { get; init; }
}
