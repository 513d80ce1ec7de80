using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Adapters;

/// <summary>A session folder, a workspace and a HOME for driving a real agent command line through the runtime.</summary>
internal sealed class RealAgentHarness : IDisposable
{
    private readonly TempDirectory _directory = new("real-agent");

    public RealAgentHarness()
    {
        Directory.CreateDirectory(Workspace);
        GitRepository.Run(Workspace, "init", "-q");
        Sandbox = TestSandbox.Default(_directory.Path);
        TestSandbox.HandOverTree(Sandbox, Workspace);
    }

    /// <summary>What the agent runs in: bubblewrap where it is installed (on CI, always).</summary>
    public Agents.Sandbox.IProcessSandbox Sandbox { get; }

    public string Workspace => _directory.Combine("work");

    public List<AgentEvent> Events { get; } = [];

    public AgentRun Run(string prompt, string? resume = null, string? chosen = null, decimal? maxCost = null, TimeSpan? timeout = null) => new()
    {
        SessionId = "s1",
        Agent = "agent",
        WorkingDirectory = Workspace,
        HomeDirectory = _directory.Combine("home"),
        SessionDirectory = _directory.Combine("session"),
        Prompt = prompt,
        Timeout = timeout ?? TimeSpan.FromMinutes(2),
        ResumeAgentSessionId = resume,
        NewAgentSessionId = resume is null ? chosen ?? Guid.NewGuid().ToString() : null,
        MaxCostUsd = maxCost,
    };

    public async Task<AgentResult> RunAsync(AgentOptions options, AgentRun run, CancellationToken cancellationToken = default)
    {
        Events.Clear();
        var runtime = new AgentRuntime(new Dictionary<string, AgentOptions> { ["agent"] = options }, AgentRuntime.DefaultAdapters, TimeProvider.System, Sandbox);
        return await runtime.RunAsync(
            run,
            (e, _) =>
            {
                lock (Events)
                {
                    Events.Add(e);
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }

    public string Transcript() => string.Join("\n", Events.Select(e => e.ToString()));

    public void Dispose() => _directory.Dispose();
}
