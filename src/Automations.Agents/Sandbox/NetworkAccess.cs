namespace Automations.Agents.Sandbox;

/// <summary>What a sandboxed process may reach over the network (<c>Automations:Agents:&lt;name&gt;:Network</c>).</summary>
public enum NetworkAccess
{
    /// <summary>The engine's network, as the engine itself reaches it (the default).</summary>
    Open,

    /// <summary>No network at all: a network namespace of its own, with only its own loopback.</summary>
    None,
}
