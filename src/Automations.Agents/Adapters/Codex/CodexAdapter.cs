using Automations.Agents.Commands;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters.Codex;

/// <summary>
/// Codex, run headless: <c>codex exec --json</c> with the prompt on standard input (<c>-</c>), and
/// <c>codex exec resume &lt;thread&gt; -</c> for a follow-up. The session's model becomes <c>-m</c>. Codex
/// runs its commands in its <c>workspace-write</c> sandbox unless the agent's <c>Args</c> choose another
/// (<c>-s</c>, or a provider of its own through <c>-c</c> overrides). Codex has no turn or budget limit of
/// its own: the engine checks the budget after each turn.
/// </summary>
public sealed class CodexAdapter : IAgentAdapter
{
    public const string DefaultCommand = "codex";

    public string Kind => AgentKinds.Codex;

    public AgentInvocation Prepare(AgentRun run, AgentOptions options, string promptFile)
    {
        var arguments = new List<string> { "exec", "--json", "--skip-git-repo-check" };
        if (run.Model is { Length: > 0 } model && !AgentArguments.Sets(options.Args, "-m", "--model"))
        {
            arguments.AddRange(["-m", model]);
        }

        if (!AgentArguments.Sets(options.Args, "-s", "--sandbox", "--dangerously-bypass-approvals-and-sandbox"))
        {
            arguments.AddRange(["-s", "workspace-write"]);
        }

        arguments.AddRange(options.Args);
        if (run.ResumeAgentSessionId is { } resume)
        {
            arguments.AddRange(["resume", resume]);
        }

        arguments.Add("-");
        return new AgentInvocation
        {
            FileName = options.Command ?? DefaultCommand,
            Arguments = arguments,
            StandardInput = run.Prompt,
        };
    }

    public IAgentStreamParser CreateParser(AgentRun run) => new CodexStreamParser(Path.Combine(run.SessionDirectory, "codex-usage.json"));
}
