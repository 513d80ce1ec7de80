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

    public required string Prompt { get; init; }

    public required TimeSpan Timeout { get; init; }

    public string? Model { get; init; }

    public int? MaxTurns { get; init; }
}
