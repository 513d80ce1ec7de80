namespace Automations.Agents.Commands;

/// <summary>One configured agent: <c>Automations:Agents:&lt;name&gt;</c>.</summary>
public sealed class AgentOptions
{
    /// <summary><c>command</c>, <c>claude-code</c> or <c>codex</c>.</summary>
    public string Kind { get; set; } = AgentKinds.Command;

    /// <summary>The program to run. Relative paths are resolved against the engine's working directory.</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments.</summary>
    public IList<string> Args { get; set; } = [];

    /// <summary>Environment given to this agent only (its API key, its base URL, ...).</summary>
    public IDictionary<string, string> Env { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// What the agent may reach over the network from its sandbox: <c>open</c> (the default) or <c>none</c>.
    /// Setup commands run with the same.
    /// </summary>
    public string Network { get; set; } = "open";

    /// <summary>
    /// Folders outside the workspace this agent's sandbox may write, shared by its sessions (a package
    /// cache, say). They must exist, and hold nothing of the engine's: not the data directory, not its home.
    /// </summary>
    public IList<string> WritablePaths { get; set; } = [];

    /// <summary>
    /// What the agent's model costs, for agents that report tokens but no cost (Codex), so that
    /// <c>agent.max_cost_usd</c> and <c>budget.daily_usd</c> apply to them too. Null: the agent's own report only.
    /// </summary>
    public AgentPrices? Prices { get; set; }
}
