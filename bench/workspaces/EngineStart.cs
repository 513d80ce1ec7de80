using System.Diagnostics;
using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ports;

namespace Automations.Bench.Workspaces;

/// <summary>A session's start as the engine makes it, in a data directory of its own: the workspace, then the agent through the runtime.</summary>
internal sealed class EngineStart
{
    private readonly GitWorkspaceProvider _provider;
    private readonly AgentRuntime _runtime;
    private readonly string _url;

    public EngineStart(string dataDirectory, IProcessSandbox sandbox, string url)
    {
        Directory.CreateDirectory(dataDirectory);
        var git = new Git(TimeProvider.System, sandbox);
        _provider = new GitWorkspaceProvider(new Mirrors(git, Path.Combine(dataDirectory, "mirrors")), Path.Combine(dataDirectory, "workspaces"), warmWorktrees: 1);
        _runtime = new AgentRuntime(new Dictionary<string, AgentOptions> { ["bench"] = new() { Command = "/bin/true" } }, AgentRuntime.DefaultAdapters, TimeProvider.System, sandbox);
        _url = url;
    }

    /// <summary>Tops the warm pool up (untimed), then times one start: the whole, and its PrepareAsync.</summary>
    public async Task<(double Total, double Prepare)> StartAsync(string session)
    {
        await _provider.WarmAsync(_url, "main", CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var workspace = await _provider.PrepareAsync(new WorkspaceRequest(session, _url, "main", $"automations/bench/{session}"), CancellationToken.None);
        var prepared = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var result = await _runtime.RunAsync(
            new AgentRun
            {
                SessionId = session,
                Agent = "bench",
                WorkingDirectory = workspace.Path,
                HomeDirectory = workspace.HomeDirectory,
                SessionDirectory = workspace.SessionDirectory,
                ObjectStore = workspace.ObjectStore,
                Prompt = "Start.",
                Timeout = TimeSpan.FromSeconds(30),
            },
            (_, _) => ValueTask.CompletedTask,
            CancellationToken.None);
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Outcome != AgentOutcome.Succeeded)
        {
            throw new InvalidOperationException($"the agent failed: {result.Error}");
        }

        // Untimed: the session goes, and the pool is topped up again, so that nothing of this start runs into the next path's.
        await _provider.RemoveAsync(session, CancellationToken.None);
        await _provider.WarmAsync(_url, "main", CancellationToken.None);
        return (total, prepared);
    }

    /// <summary>Waits for the last background refill, so that the folder can go.</summary>
    public Task SettleAsync() => _provider.WarmAsync(_url, "main", CancellationToken.None);
}
