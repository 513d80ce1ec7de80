using Automations.Agents.Commands;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>
/// One kind of agent (<c>Automations:Agents:&lt;name&gt;:Kind</c>): how to start it for a turn, and how
/// to read its output. Running, supervising and killing the process is <see cref="AgentRuntime"/>'s.
/// </summary>
public interface IAgentAdapter
{
    /// <summary><c>command</c>, <c>claude-code</c> or <c>codex</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// The program and arguments for this turn. <paramref name="promptFile"/> already holds the prompt.
    /// <paramref name="sandboxed"/>: the process runs in the engine's sandbox, which is then the boundary
    /// (an agent's own sandbox or permission prompts can stand down).
    /// </summary>
    AgentInvocation Prepare(AgentRun run, AgentOptions options, string promptFile, bool sandboxed);

    /// <summary>A parser for one turn's output; it may keep state between lines.</summary>
    IAgentStreamParser CreateParser(AgentRun run);
}

/// <summary>A turn's process: the program, its arguments, its standard input, and environment of its own.</summary>
public sealed record AgentInvocation
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Written to standard input, which is then closed. Null closes it at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Defaults added to the agent's minimal environment; its configured <c>Env</c> overrides them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Reads an agent's output, line by line, into <see cref="AgentEvent"/>s.</summary>
public interface IAgentStreamParser
{
    /// <summary>One line of <paramref name="stream"/> (<c>stdout</c> or <c>stderr</c>).</summary>
    void Parse(string stream, string line, ICollection<AgentEvent> events);

    /// <summary>
    /// The process ended with <paramref name="exitCode"/>: emit what only the end tells (a tool call that
    /// never ended, a turn with no report). Returns the agent's own session id if it named one.
    /// </summary>
    string? Complete(int? exitCode, ICollection<AgentEvent> events);
}
