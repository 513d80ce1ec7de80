using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Workspaces;

/// <summary>The definition's <c>setup</c> commands, run through <c>sh -c</c> in a real worktree.</summary>
public sealed class WorkspaceSetupTests : IDisposable
{
    private readonly TempDirectory _directory = new("workspace-setup");
    private readonly GitWorkspaceProvider _provider;
    private readonly string _remote;

    public WorkspaceSetupTests()
    {
        _remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(_remote, new Dictionary<string, string> { ["README.md"] = "hello\n" });
        _provider = new GitWorkspaceProvider(new Git(TimeProvider.System), _directory.Combine("workspaces"), _directory.Combine("mirrors"));
    }

    public void Dispose() => _directory.Dispose();

    private Task<Workspace> PrepareAsync() => _provider.PrepareAsync(new WorkspaceRequest("s1", _remote, "main", "b/s1"), CancellationToken.None);

    [Fact]
    public async Task RunSetupAsync_Commands_RunInWorktreeWithSessionHomeAndStreamLines()
    {
        var workspace = await PrepareAsync();
        var lines = new List<(string Stream, string Text)>();
        Environment.SetEnvironmentVariable("AUTOMATIONS_TEST_SECRET", "leaked");

        var result = await _provider.RunSetupAsync(
            workspace,
            ["pwd; echo \"home=$HOME\"", "echo oops >&2; ls", "echo \"secret=${AUTOMATIONS_TEST_SECRET:-none}\""],
            TimeSpan.FromSeconds(30),
            (stream, text, _) =>
            {
                lines.Add((stream, text));
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);
        Environment.SetEnvironmentVariable("AUTOMATIONS_TEST_SECRET", null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains(("stdout", workspace.Path), lines);
        Assert.Contains(("stdout", $"home={workspace.HomeDirectory}"), lines);
        Assert.Contains(("stderr", "oops"), lines);
        Assert.Contains(("stdout", "README.md"), lines);
        Assert.Contains(("stdout", "secret=none"), lines);
    }

    [Fact]
    public async Task RunSetupAsync_CommandFails_ErrorNamesCommandAndExitCodeAndStops()
    {
        var workspace = await PrepareAsync();

        var result = await _provider.RunSetupAsync(
            workspace, ["true", "exit 3", "touch after"], TimeSpan.FromSeconds(30), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("setup command 'exit 3' exited with code 3", result.Error);
        Assert.False(File.Exists(Path.Combine(workspace.Path, "after")));
    }

    [Fact]
    public async Task RunSetupAsync_CommandOutlivesTimeout_KilledWithTimeoutError()
    {
        var workspace = await PrepareAsync();

        var result = await _provider.RunSetupAsync(
            workspace, ["sleep 30 & wait; touch survived"], TimeSpan.FromMilliseconds(300), (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("setup command 'sleep 30 & wait; touch survived' timed out after", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.Path, "survived")));
    }
}
