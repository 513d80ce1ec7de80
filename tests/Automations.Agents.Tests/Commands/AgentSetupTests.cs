using Automations.Agents.Adapters;
using Automations.Agents.Commands;
using Automations.Agents.Sandbox;
using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Commands;

/// <summary>The definition's <c>setup</c> commands, run through <c>sh -c</c> in a real session repository, confined as the agent is.</summary>
public sealed class AgentSetupTests : IDisposable
{
    private readonly TempDirectory _directory = new("agent-setup");
    private readonly GitWorkspaceProvider _provider;
    private readonly IProcessSandbox _sandbox;
    private readonly AgentRuntime _runtime;
    private readonly string _remote;

    public AgentSetupTests()
    {
        _remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(_remote, new Dictionary<string, string> { ["README.md"] = "hello\n" });
        _sandbox = TestSandbox.Default(_directory.Path);
        _provider = new GitWorkspaceProvider(TestSandbox.Mirrors(_directory.Path, _sandbox), _directory.Combine("workspaces"));
        _runtime = Runtime(TimeProvider.System);
    }

    private AgentRuntime Runtime(TimeProvider time) =>
        new(new Dictionary<string, AgentOptions> { ["demo"] = new() { Command = "/bin/true" } }, AgentRuntime.DefaultAdapters, time, _sandbox);

    public void Dispose() => _directory.Dispose();

    private async Task<AgentRun> PrepareAsync()
    {
        var workspace = await _provider.PrepareAsync(new WorkspaceRequest("s1", _remote, "main", "b/s1"), CancellationToken.None);
        return new AgentRun
        {
            SessionId = "s1",
            Agent = "demo",
            WorkingDirectory = workspace.Path,
            HomeDirectory = workspace.HomeDirectory,
            SessionDirectory = workspace.SessionDirectory,
            ObjectStore = workspace.ObjectStore,
            Prompt = "Fix it.",
            Timeout = TimeSpan.FromMinutes(1),
        };
    }

    [Fact]
    public async Task RunSetupAsync_Commands_RunInWorktreeWithSessionHomeAndStreamLines()
    {
        var run = await PrepareAsync();
        var lines = new List<(string Stream, string Text)>();
        Environment.SetEnvironmentVariable("AUTOMATIONS_TEST_SECRET", "leaked");

        var result = await _runtime.RunSetupAsync(
            run,
            ["pwd; echo \"home=$HOME\"", "echo oops >&2; ls", "echo \"secret=${AUTOMATIONS_TEST_SECRET:-none}\"", "touch made-by-setup"],
            TimeSpan.FromSeconds(30),
            (stream, text, _) =>
            {
                lines.Add((stream, text));
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);
        Environment.SetEnvironmentVariable("AUTOMATIONS_TEST_SECRET", null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains(("stdout", run.WorkingDirectory), lines);
        Assert.Contains(("stdout", $"home={run.HomeDirectory}"), lines);
        Assert.Contains(("stderr", "oops"), lines);
        Assert.Contains(("stdout", "README.md"), lines);
        Assert.Contains(("stdout", "secret=none"), lines);
        Assert.True(File.Exists(Path.Combine(run.WorkingDirectory, "made-by-setup")));
    }

    [Fact]
    public async Task RunSetupAsync_CommandFails_ErrorNamesCommandAndExitCodeAndStops()
    {
        var run = await PrepareAsync();

        var result = await _runtime.RunSetupAsync(
            run, ["true", "exit 3", "touch after"], TimeSpan.FromSeconds(30), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("setup command 'exit 3' exited with code 3", result.Error);
        Assert.False(File.Exists(Path.Combine(run.WorkingDirectory, "after")));
    }

    [Fact]
    public async Task RunSetupAsync_CommandOutlivesTimeout_KilledWithTimeoutError()
    {
        var run = await PrepareAsync();
        var marker = $"setup-{Guid.NewGuid():N}";
        var command = $"sh -c 'sleep 30; touch survived' {marker} & wait";

        var result = await _runtime.RunSetupAsync(
            run, [command], TimeSpan.FromSeconds(2), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith($"setup command '{command}' timed out after", result.Error, StringComparison.Ordinal);
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the setup command's child to be gone");
    }

    [Fact]
    public async Task RunSetupAsync_CommandsTogetherOutliveTimeout_TheOneRunningWhenItIsUpIsKilledAndNamed()
    {
        var run = await PrepareAsync();
        string[] commands = ["sleep 1; touch one", "sleep 1; touch two", "sleep 1; touch three"];

        // Each alone fits in the timeout; together they do not.
        foreach (var command in commands)
        {
            var alone = await _runtime.RunSetupAsync(run, [command], TimeSpan.FromSeconds(2), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);
            Assert.True(alone.Succeeded, alone.Error);
            File.Delete(Path.Combine(run.WorkingDirectory, command.Split(' ')[^1]));
        }

        var result = await _runtime.RunSetupAsync(run, commands, TimeSpan.FromSeconds(2), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(File.Exists(Path.Combine(run.WorkingDirectory, "one")));
        Assert.False(File.Exists(Path.Combine(run.WorkingDirectory, "three")));
        var named = Assert.Single(commands[1..], c => result.Error == $"setup command '{c}' timed out after 2s, the time all the setup commands may take together (setup_timeout)");

        // The third was named only after the second was done. (The second, when named, may still have touched its
        // file in the instant between the time running out and its kill: a busy machine has shown that.)
        if (named == commands[2])
        {
            Assert.True(File.Exists(Path.Combine(run.WorkingDirectory, "two")));
        }
    }

    [Fact]
    public async Task RunSetupAsync_CommandsTogetherWithinTimeout_AllRun()
    {
        var run = await PrepareAsync();

        var result = await _runtime.RunSetupAsync(
            run, ["sleep 1; touch one", "sleep 1; touch two", "sleep 1; touch three"], TimeSpan.FromSeconds(8), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.All(["one", "two", "three"], made => Assert.True(File.Exists(Path.Combine(run.WorkingDirectory, made)), made));
    }

    [Fact]
    public async Task RunSetupAsync_TimeoutOnTheInjectedClock_IsWhatTheEarlierCommandsLeft()
    {
        var run = await PrepareAsync();
        var time = new ManualTimeProvider();
        var timeout = TimeSpan.FromMinutes(10);
        var marker = $"setup-{Guid.NewGuid():N}";
        var second = $"echo tick; sh -c 'sleep 30; touch survived' {marker} & wait";

        // Each command's "tick" takes 6 of the 10 minutes: the first ends with 4 left, which the second outlives.
        var result = await Runtime(time).RunSetupAsync(
            run,
            ["echo tick", second],
            timeout,
            (_, text, _) =>
            {
                if (text == "tick")
                {
                    time.Advance(TimeSpan.FromMinutes(6));
                }

                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal($"setup command '{second}' timed out after 10m, the time all the setup commands may take together (setup_timeout)", result.Error);
        await Waiting.UntilAsync(() => !Scripts.AnyProcessWith(marker), TimeSpan.FromSeconds(5), "the second setup command's child to be gone");
    }
}
