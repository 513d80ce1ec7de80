using Automations.Agents.Commands;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters;

/// <summary>
/// A <c>command</c> agent (CONTRACT.md, "The command agent"): the prompt on standard input and in
/// <c>AUTOMATIONS_PROMPT_FILE</c>; its output lines are its transcript. A command agent asks a question
/// by writing it to <c>AUTOMATIONS_QUESTION_FILE</c> before it exits.
/// </summary>
public sealed class CommandAdapter : IAgentAdapter
{
    public string Kind => AgentKinds.Command;

    public AgentInvocation Prepare(AgentRun run, AgentOptions options, string promptFile, bool sandboxed) => new()
    {
        FileName = options.Command ?? throw new InvalidOperationException($"agent '{run.Agent}' has no Command"),
        Arguments = [.. options.Args],
        StandardInput = run.Prompt,
    };

    public IAgentStreamParser CreateParser(AgentRun run) => new Parser();

    private sealed class Parser : IAgentStreamParser
    {
        public void Parse(string stream, string line, ICollection<AgentEvent> events) =>
            events.Add(new AgentLog(stream, line));

        public string? Complete(int? exitCode, ICollection<AgentEvent> events) => null;
    }
}
