using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>The tool calls an agent began and has not ended, by id: every tool_start gets its tool_end, even when the agent dies mid-call.</summary>
internal sealed class OpenToolCalls
{
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal);

    public bool Begin(string id, string name) => _open.TryAdd(id, name);

    /// <summary>Ends the call; false when it was never begun (or already ended).</summary>
    public bool End(string id, out string? name) => _open.Remove(id, out name);

    /// <summary>The agent exited: each call still open ends as an error.</summary>
    public void EndAll(ICollection<AgentEvent> events)
    {
        foreach (var (id, name) in _open)
        {
            events.Add(new AgentToolEnd(id, name, IsError: true, "the agent exited before this tool call ended"));
        }

        _open.Clear();
    }
}
