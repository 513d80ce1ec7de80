using System.Diagnostics;
using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using EnginePrebuilds = Automations.Agents.Workspaces.Prebuilds;

namespace Automations.Bench.Prebuilds;

/// <summary>
/// A new session's start as the engine makes it, in one data directory: the workspace (a warm repository
/// ready), then either the prebuild laid (<see cref="EnginePrebuilds"/>) or <c>setup</c> run in the sandbox, then
/// the agent (<c>true</c>) through the runtime in the sandbox.
/// </summary>
internal sealed class SessionStart
{
    public static readonly IReadOnlyList<string> Install = ["npm ci --offline --no-audit --no-fund --loglevel=error"];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly GitWorkspaceProvider _provider;
    private readonly AgentRuntime _runtime;
    private readonly string _url;

    public SessionStart(string dataDirectory, IProcessSandbox sandbox, string url)
    {
        Directory.CreateDirectory(dataDirectory);
        var mirrors = new Mirrors(new Git(TimeProvider.System, sandbox), Path.Combine(dataDirectory, "mirrors"));
        _provider = new GitWorkspaceProvider(mirrors, Path.Combine(dataDirectory, "workspaces"), warmWorktrees: 1);
        _runtime = new AgentRuntime(new Dictionary<string, AgentOptions> { ["bench"] = new() { Command = "/bin/true", Network = "none" } }, AgentRuntime.DefaultAdapters, TimeProvider.System, sandbox);
        Prebuilds = new EnginePrebuilds(mirrors, _runtime, Path.Combine(dataDirectory, "prebuilds"));
        _url = url;
    }

    public EnginePrebuilds Prebuilds { get; }

    /// <summary>
    /// Tops the warm pool up (untimed), then times one start: the whole, and its dependencies (the prebuild
    /// laid, or setup). The workspace's <c>node_modules</c> is checked, untimed, and the session removed.
    /// </summary>
    public async Task<(double Total, double Dependencies)> StartAsync(string session, bool prebuild)
    {
        await _provider.WarmAsync(_url, "main", CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var workspace = await _provider.PrepareAsync(new WorkspaceRequest(session, _url, "main", $"automations/bench/{session}"), CancellationToken.None);
        var run = Run(session, workspace);
        var prepared = Stopwatch.GetTimestamp();
        if (prebuild)
        {
            var use = await Prebuilds.StartFromAsync(new PrebuildRequest("bench", Install, ["node_modules"], Timeout), workspace, CancellationToken.None);
            if (use.Commit is null)
            {
                throw new InvalidOperationException($"no prebuild was laid: {use.Problem}");
            }
        }
        else
        {
            var setup = await _runtime.RunSetupAsync(run, Install, Timeout, (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);
            if (!setup.Succeeded)
            {
                throw new InvalidOperationException($"setup failed: {setup.Error}");
            }
        }

        var dependencies = Stopwatch.GetElapsedTime(prepared).TotalMilliseconds;
        var result = await _runtime.RunAsync(run, (_, _) => ValueTask.CompletedTask, CancellationToken.None);
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Outcome != AgentOutcome.Succeeded)
        {
            throw new InvalidOperationException($"the agent failed: {result.Error}");
        }

        if (!File.Exists(Path.Combine(workspace.Path, "node_modules", "bench-dep-1", "lib", "f1.js")))
        {
            throw new InvalidOperationException($"{(prebuild ? "the prebuild" : "setup")} left no node_modules in {workspace.Path}");
        }

        await _provider.RemoveAsync(session, CancellationToken.None);
        await _provider.WarmAsync(_url, "main", CancellationToken.None);
        return (total, dependencies);
    }

    /// <summary>The first prebuild, built once (untimed by the comparison, but reported): how long it took.</summary>
    public async Task<double> BuildFirstAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var workspace = await _provider.PrepareAsync(new WorkspaceRequest("first", _url, "main", "automations/bench/first"), CancellationToken.None);
        var use = await Prebuilds.StartFromAsync(new PrebuildRequest("bench", Install, ["node_modules"], Timeout), workspace, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await _provider.RemoveAsync("first", CancellationToken.None);
        return use.Built ? elapsed : throw new InvalidOperationException($"the first prebuild was not built: {use.Problem}");
    }

    public Task SettleAsync() => _provider.WarmAsync(_url, "main", CancellationToken.None);

    private static AgentRun Run(string session, Workspace workspace) => new()
    {
        SessionId = session,
        Agent = "bench",
        WorkingDirectory = workspace.Path,
        HomeDirectory = workspace.HomeDirectory,
        SessionDirectory = workspace.SessionDirectory,
        ObjectStore = workspace.ObjectStore,
        Prompt = "Start.",
        Timeout = Timeout,
    };
}
