using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Sandbox;

/// <summary>
/// A command agent run by the runtime in a sandbox, in a folder that stands for the engine's data
/// directory: the session's folder, its workspace and HOME are in it, and so is the agent's script.
/// </summary>
internal sealed class SandboxedAgentHarness : IDisposable
{
    private readonly TempDirectory _directory = new("sandboxed-agent");

    public SandboxedAgentHarness(Func<string, IProcessSandbox>? sandbox = null)
    {
        Sandbox = (sandbox ?? (root => TestSandbox.Bubblewrap(root)))(_directory.Path);
        Directory.CreateDirectory(Workspace);
        Sandbox.HandOver(Workspace);
    }

    public IProcessSandbox Sandbox { get; }

    /// <summary>The folder that stands for the data directory.</summary>
    public string Root => _directory.Path;

    public string Workspace => _directory.Combine("work");

    public List<AgentLog> Output { get; } = [];

    public AgentRun Run(TimeSpan? timeout = null, string prompt = "Fix it.") => new()
    {
        SessionId = "s1",
        Agent = "demo",
        WorkingDirectory = Workspace,
        HomeDirectory = _directory.Combine("home"),
        SessionDirectory = _directory.Combine("session"),
        Prompt = prompt,
        Timeout = timeout ?? TimeSpan.FromMinutes(1),
    };

    public async Task<AgentResult> RunAsync(string script, AgentRun? run = null, Action<AgentOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new AgentOptions { Kind = AgentKinds.Command, Command = Scripts.Write(_directory.Combine("agent.sh"), script) };
        configure?.Invoke(options);
        var runtime = new AgentRuntime(new Dictionary<string, AgentOptions> { ["demo"] = options }, AgentRuntime.DefaultAdapters, TimeProvider.System, Sandbox);
        Output.Clear();
        return await runtime.RunAsync(
            run ?? Run(),
            (e, _) =>
            {
                if (e is AgentLog log)
                {
                    lock (Output)
                    {
                        Output.Add(log);
                    }
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }

    /// <summary>The value the agent printed as <c>name=value</c> on standard output.</summary>
    public string Said(string name) =>
        Output.Where(o => o.Stream == "stdout" && o.Text.StartsWith(name + "=", StringComparison.Ordinal)).Select(o => o.Text[(name.Length + 1)..]).LastOrDefault()
        ?? throw new InvalidOperationException($"the agent never said {name}; it wrote:\n{string.Join('\n', Output.Select(o => $"{o.Stream}: {o.Text}"))}");

    public void Dispose() => _directory.Dispose();
}
