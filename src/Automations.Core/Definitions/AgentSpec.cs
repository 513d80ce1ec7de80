namespace Automations.Core.Definitions;

/// <summary><c>agent:</c> in a definition.</summary>
public sealed record AgentSpec
{
    /// <summary>The name of a configured agent (<c>Automations:Agents:&lt;name&gt;</c>).</summary>
    public required string Use { get; init; }

    public string? Model { get; init; }

    /// <summary>How long one agent run may take before its whole process tree is killed. Default 30 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public int? MaxTurns { get; init; }

    /// <summary><c>max_cost_usd</c>: the most one session's agent may spend, in US dollars, greater than zero; null when not set.</summary>
    public decimal? MaxCostUsd { get; init; }
}
