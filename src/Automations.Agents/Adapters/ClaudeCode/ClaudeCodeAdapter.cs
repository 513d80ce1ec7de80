using Automations.Agents.Commands;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters.ClaudeCode;

/// <summary>
/// Claude Code, run headless: <c>claude -p --output-format stream-json --verbose</c> with the prompt on
/// standard input. A new conversation gets the id the engine chose (<c>--session-id</c>), so that a crash
/// before Claude's first report can still be resumed; a follow-up passes <c>--resume</c>. The session's
/// model, turn limit and what is left of its budget become <c>--model</c>, <c>--max-turns</c> and
/// <c>--max-budget-usd</c>. In the engine's sandbox, which is then the boundary, Claude may use every tool
/// without asking (<c>--permission-mode bypassPermissions</c>: it runs the project's tests and commands, not
/// only edits); without it, only edits are accepted (<c>acceptEdits</c>). The agent's <c>Args</c> may choose
/// otherwise. A tool Claude is refused ends the turn waiting for a person.
/// </summary>
public sealed class ClaudeCodeAdapter : IAgentAdapter
{
    public const string DefaultCommand = "claude";

    public string Kind => AgentKinds.ClaudeCode;

    public AgentInvocation Prepare(AgentRun run, AgentOptions options, string promptFile, bool sandboxed)
    {
        var arguments = new List<string> { "-p", "--output-format", "stream-json", "--verbose", "--include-partial-messages" };
        if (run.ResumeAgentSessionId is { } resume)
        {
            arguments.AddRange(["--resume", resume]);
        }
        else if (run.NewAgentSessionId is { } chosen)
        {
            arguments.AddRange(["--session-id", chosen]);
        }

        if (run.Model is { Length: > 0 } model && !AgentArguments.Sets(options.Args, "--model"))
        {
            arguments.AddRange(["--model", model]);
        }

        if (run.MaxTurns is { } maxTurns)
        {
            arguments.AddRange(["--max-turns", AgentArguments.Number(maxTurns)]);
        }

        if (run.MaxCostUsd is { } budget)
        {
            arguments.AddRange(["--max-budget-usd", AgentArguments.Number(budget)]);
        }

        if (!AgentArguments.Sets(options.Args, "--permission-mode", "--dangerously-skip-permissions"))
        {
            arguments.AddRange(["--permission-mode", sandboxed ? "bypassPermissions" : "acceptEdits"]);
        }

        arguments.AddRange(options.Args);
        return new AgentInvocation
        {
            FileName = options.Command ?? DefaultCommand,
            Arguments = arguments,
            StandardInput = run.Prompt,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // A headless engine wants no update checks, telemetry or other traffic beside the model's.
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
                ["DISABLE_AUTOUPDATER"] = "1",
            },
        };
    }

    public IAgentStreamParser CreateParser(AgentRun run) => new ClaudeStreamParser();
}
