using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Workspaces;

public sealed class GitWorkspaceTests : IDisposable
{
    private readonly TempDirectory _directory = new("workspace");
    private readonly Mirrors _mirrors;

    public GitWorkspaceTests() => _mirrors = TestSandbox.Mirrors(_directory.Path, TestSandbox.Default(_directory.Path));

    public void Dispose() => _directory.Dispose();

    private string Remote()
    {
        var remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(remote, new Dictionary<string, string> { ["README.md"] = "hello\n" });
        return remote;
    }

    private GitWorkspaceProvider Provider() => new(_mirrors, _directory.Combine("workspaces"));

    [Fact]
    public async Task PrepareAsync_ThenCommitAndPush_BranchOnRemoteHoldsChange()
    {
        var remote = Remote();
        var provider = Provider();

        var workspace = await provider.PrepareAsync(new WorkspaceRequest("s1", remote, "main", "automations/fix/s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var push = await new GitSourceControl(_mirrors).CommitAndPushAsync(workspace, new CommitInfo("fix it", "Automations", "bot@example.com"), CancellationToken.None);

        Assert.True(push.HasChanges);
        Assert.Contains("automations/fix/s1", GitRepository.Branches(remote));
        Assert.Equal("fixed", GitRepository.Show(remote, "automations/fix/s1", "fix.txt"));
        Assert.Equal(push.Commit, GitRepository.Run(remote, "rev-parse", "automations/fix/s1"));
        Assert.Equal(workspace.BaseCommit, GitRepository.Run(remote, "rev-parse", "main"));
    }

    [Fact]
    public async Task CommitAndPushAsync_NoChange_PushesNothing()
    {
        var remote = Remote();
        var workspace = await Provider().PrepareAsync(new WorkspaceRequest("s1", remote, "main", "automations/fix/s1"), CancellationToken.None);

        var push = await new GitSourceControl(_mirrors).CommitAndPushAsync(workspace, new CommitInfo("m", "a", "a@example.com"), CancellationToken.None);

        Assert.False(push.HasChanges);
        Assert.DoesNotContain("automations/fix/s1", GitRepository.Branches(remote));
    }

    [Fact]
    public async Task PrepareAsync_Again_StartsFromCleanCheckout()
    {
        var remote = Remote();
        var provider = Provider();
        var first = await provider.PrepareAsync(new WorkspaceRequest("s1", remote, "main", "b"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "leftover.txt"), "x");

        var second = await provider.PrepareAsync(new WorkspaceRequest("s1", remote, "main", "b"), CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(second.Path, "leftover.txt")));
        Assert.True(File.Exists(Path.Combine(second.Path, "README.md")));
    }

    [Fact]
    public async Task PrepareAsync_MissingBase_ThrowsNamingBranchAndRepository()
    {
        var remote = Remote();
        var provider = Provider();

        var error = await Assert.ThrowsAsync<GitException>(() => provider.PrepareAsync(new WorkspaceRequest("s1", remote, "nope", "b"), CancellationToken.None));

        Assert.Equal($"base branch 'nope' does not exist in {remote}", error.Message);
    }
}
