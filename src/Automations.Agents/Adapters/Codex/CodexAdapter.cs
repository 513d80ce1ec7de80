using Automations.Agents.Commands;
using Automations.Core.Ports;

namespace Automations.Agents.Adapters.Codex;

/// <summary>
/// Codex, run headless: <c>codex exec --json</c> with the prompt on standard input (<c>-</c>), and
/// <c>codex exec resume &lt;thread&gt; -</c> for a follow-up. The session's model becomes <c>-m</c>. Inside the
/// engine's sandbox Codex runs its commands as they are (<c>-s danger-full-access</c>, as its documentation
/// says for an outer sandbox: its own would need user namespaces the outer one does not give); without it,
/// in its own <c>workspace-write</c> sandbox. The agent's <c>Args</c> may choose another (<c>-s</c>). Codex has no turn or budget limit of
/// its own: the engine checks the budget after each turn.
/// </summary>
public sealed class CodexAdapter : IAgentAdapter
{
    public const string DefaultCommand = "codex";

    public string Kind => AgentKinds.Codex;

    public AgentInvocation Prepare(AgentRun run, AgentOptions options, string promptFile, bool sandboxed)
    {
        var arguments = new List<string> { "exec", "--json", "--skip-git-repo-check" };
        if (run.Model is { Length: > 0 } model && !AgentArguments.Sets(options.Args, "-m", "--model"))
        {
            arguments.AddRange(["-m", model]);
        }

        if (!AgentArguments.Sets(options.Args, "-s", "--sandbox", "--dangerously-bypass-approvals-and-sandbox"))
        {
            arguments.AddRange(["-s", sandboxed ? "danger-full-access" : "workspace-write"]);
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
