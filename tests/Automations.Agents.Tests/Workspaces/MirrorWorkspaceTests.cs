using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Workspaces;

/// <summary>Workspaces as repositories of their own that borrow one cached mirror per repository, against real git repositories.</summary>
public sealed class MirrorWorkspaceTests : IDisposable
{
    private readonly TempDirectory _directory = new("mirror-workspace");
    private readonly Mirrors _mirrors;
    private readonly string _remote;
    private readonly GitWorkspaceProvider _provider;

    public MirrorWorkspaceTests()
    {
        _remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(_remote, new Dictionary<string, string> { ["README.md"] = "hello\n", ["src/app.txt"] = "app\n" });
        _mirrors = TestSandbox.Mirrors(_directory.Path, TestSandbox.Default(_directory.Path));
        _provider = new GitWorkspaceProvider(_mirrors, _directory.Combine("workspaces"));
    }

    public void Dispose() => _directory.Dispose();

    private static CommitInfo Commit(string message) => new(message, "Automations", "bot@example.com");

    private WorkspaceRequest Request(string session, bool reuse = false) =>
        new(session, _remote, "main", $"automations/fix/{session}") { Reuse = reuse };

    /// <summary>Someone else pushes a commit to the remote's <paramref name="branch"/>; answers the commit.</summary>
    private string PushToRemote(string branch, string file, string content)
    {
        var clone = _directory.Combine($"other-{Guid.NewGuid():N}");
        GitRepository.Run(_directory.Path, "clone", "--quiet", "--branch", branch, _remote, clone);
        File.WriteAllText(Path.Combine(clone, file), content);
        GitRepository.Run(clone, "add", "--all");
        GitRepository.Run(clone, "-c", "user.name=Other", "-c", "user.email=other@example.com", "commit", "--quiet", "-m", "other");
        GitRepository.Run(clone, "push", "--quiet", "origin", branch);
        return GitRepository.Run(clone, "rev-parse", "HEAD");
    }

    private static string Head(Workspace workspace) => GitRepository.Run(workspace.Path, "rev-parse", "HEAD");

    [Fact]
    public async Task PrepareAsync_TwoSessions_OneMirrorClonedOnceAndFetchedForTheSecond()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        var mirror = _provider.MirrorDirectory(_remote);
        var marker = Path.Combine(mirror, "cloned-once");
        await File.WriteAllTextAsync(marker, "x");
        var pushed = PushToRemote("main", "later.txt", "later\n");

        var second = await _provider.PrepareAsync(Request("s2"), CancellationToken.None);

        Assert.Single(Directory.GetDirectories(_directory.Combine("mirrors")));
        Assert.True(File.Exists(marker), "the mirror was cloned again");
        Assert.Equal(pushed, second.BaseCommit);
        Assert.Equal(pushed, Head(second));
        Assert.True(File.Exists(Path.Combine(second.Path, "later.txt")));
        Assert.NotEqual(pushed, first.BaseCommit);
        Assert.False(File.Exists(Path.Combine(first.Path, "later.txt")));
        foreach (var workspace in new[] { first, second })
        {
            // A repository of its own, which borrows the mirror's objects and writes none of them.
            Assert.True(Directory.Exists(Path.Combine(workspace.Path, ".git")));
            Assert.Equal(Path.Combine(mirror, "objects"), (await File.ReadAllTextAsync(Path.Combine(workspace.Path, ".git", "objects", "info", "alternates"))).Trim());
            Assert.Equal(Path.Combine(mirror, "objects"), workspace.ObjectStore);
            Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(workspace.Path, ".git", "objects"), "*", SearchOption.AllDirectories), f => !f.EndsWith("alternates", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PrepareAsync_NewSession_WorktreeOnSessionBranchAtBase()
    {
        var workspace = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);

        Assert.Equal(_directory.Combine("workspaces", "s1", "repo"), workspace.Path);
        Assert.Equal(_directory.Combine("workspaces", "s1", "home"), workspace.HomeDirectory);
        Assert.True(Directory.Exists(workspace.HomeDirectory));
        Assert.Equal("automations/fix/s1", GitRepository.Run(workspace.Path, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal(GitRepository.Run(_remote, "rev-parse", "main"), workspace.BaseCommit);
        Assert.Equal(workspace.BaseCommit, Head(workspace));
        Assert.Equal(string.Empty, GitRepository.Run(workspace.Path, "status", "--porcelain"));
        Assert.Equal("app", (await File.ReadAllTextAsync(Path.Combine(workspace.Path, "src", "app.txt"))).Trim());
    }

    [Fact]
    public async Task PrepareAsync_Mirror_KeepsFetchedBranchesApartAndIsNoMirrorRemote()
    {
        await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        var mirror = _provider.MirrorDirectory(_remote);

        Assert.Equal("+refs/heads/*:refs/remotes/origin/*", GitRepository.Run(mirror, "config", "--get-all", "remote.origin.fetch"));
        Assert.DoesNotContain(GitRepository.Run(mirror, "config", "--local", "--list").Split('\n'), line => line.StartsWith("remote.origin.mirror", StringComparison.Ordinal));
        // The session's branch comes into the mirror only when it is published.
        Assert.Equal(string.Empty, GitRepository.Run(mirror, "for-each-ref", "--format=%(refname)", "refs/heads/"));
        Assert.Equal(GitRepository.Run(_remote, "rev-parse", "main"), GitRepository.Run(mirror, "rev-parse", "refs/remotes/origin/main"));
    }

    [Fact]
    public async Task PrepareAsync_ReuseWithWorktree_KeepsUncommittedChangeAndBase()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "README.md"), "changed by the agent\n");
        await File.WriteAllTextAsync(Path.Combine(first.Path, "new.txt"), "new\n");
        PushToRemote("main", "later.txt", "later\n");

        var again = await _provider.PrepareAsync(Request("s1", reuse: true), CancellationToken.None);

        Assert.Equal(first.Path, again.Path);
        Assert.Equal(first.BaseCommit, again.BaseCommit);
        Assert.Equal("changed by the agent\n", await File.ReadAllTextAsync(Path.Combine(again.Path, "README.md")));
        Assert.True(File.Exists(Path.Combine(again.Path, "new.txt")));
        Assert.False(File.Exists(Path.Combine(again.Path, "later.txt")));
    }

    [Fact]
    public async Task PrepareAsync_ReuseAfterRemoval_RestoresPushedBranch()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "fix.txt"), "fixed\n");
        var push = await new GitSourceControl(_mirrors).CommitAndPushAsync(first, Commit("fix"), CancellationToken.None);
        await _provider.RemoveAsync("s1", CancellationToken.None);
        PushToRemote("main", "later.txt", "later\n");

        var restored = await _provider.PrepareAsync(Request("s1", reuse: true), CancellationToken.None);

        Assert.Equal(push.Commit, Head(restored));
        Assert.Equal(first.BaseCommit, restored.BaseCommit);
        Assert.Equal("automations/fix/s1", GitRepository.Run(restored.Path, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("fixed\n", await File.ReadAllTextAsync(Path.Combine(restored.Path, "fix.txt")));
    }

    [Fact]
    public async Task PrepareAsync_ReuseAfterRemovalNeverPushed_StartsFromBase()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "lost.txt"), "lost\n");
        await _provider.RemoveAsync("s1", CancellationToken.None);

        var again = await _provider.PrepareAsync(Request("s1", reuse: true), CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(again.Path, "lost.txt")));
        Assert.Equal(first.BaseCommit, Head(again));
    }

    [Fact]
    public async Task PrepareAsync_WithoutReuse_DiscardsCommitsAndChanges()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "committed.txt"), "c\n");
        GitRepository.Run(first.Path, "add", "--all");
        GitRepository.Run(first.Path, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "--quiet", "-m", "local");
        await File.WriteAllTextAsync(Path.Combine(first.Path, "README.md"), "dirty\n");
        var pushed = PushToRemote("main", "later.txt", "later\n");

        var again = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);

        Assert.Equal(pushed, again.BaseCommit);
        Assert.Equal(pushed, Head(again));
        Assert.False(File.Exists(Path.Combine(again.Path, "committed.txt")));
        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(again.Path, "README.md")));
        Assert.Equal(string.Empty, GitRepository.Run(again.Path, "status", "--porcelain"));
    }

    [Fact]
    public async Task PrepareAsync_FiveConcurrentSessionsOnOneRepository_AllSucceed()
    {
        var sessions = Enumerable.Range(1, 5).Select(i => $"c{i}").ToList();

        var workspaces = await Task.WhenAll(sessions.Select(session => _provider.PrepareAsync(Request(session), CancellationToken.None)));

        var main = GitRepository.Run(_remote, "rev-parse", "main");
        Assert.All(workspaces, workspace => Assert.Equal(main, Head(workspace)));
        Assert.Equal(5, workspaces.Select(w => w.Path).Distinct(StringComparer.Ordinal).Count());
        Assert.Single(Directory.GetDirectories(_directory.Combine("mirrors")));
        Assert.Equal(sessions.Select(s => $"automations/fix/{s}"), workspaces.Select(w => GitRepository.Run(w.Path, "rev-parse", "--abbrev-ref", "HEAD")));
        Assert.Equal(sessions, _provider.ListSessions());
    }

    [Fact]
    public async Task CommitAndPushAsync_FromWorktree_PushesOnlyTheSessionBranch()
    {
        var first = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        var second = await _provider.PrepareAsync(Request("s2"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(second.Path, "other.txt"), "not pushed\n");
        GitRepository.Run(second.Path, "add", "--all");
        GitRepository.Run(second.Path, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "--quiet", "-m", "s2");
        var main = GitRepository.Run(_remote, "rev-parse", "main");
        await File.WriteAllTextAsync(Path.Combine(first.Path, "fix.txt"), "fixed\n");

        var push = await new GitSourceControl(_mirrors).CommitAndPushAsync(first, Commit("fix"), CancellationToken.None);

        Assert.True(push.HasChanges);
        var refs = GitRepository.Run(_remote, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["refs/heads/automations/fix/s1", "refs/heads/main"], refs);
        Assert.Equal(push.Commit, GitRepository.Run(_remote, "rev-parse", "refs/heads/automations/fix/s1"));
        Assert.Equal(main, GitRepository.Run(_remote, "rev-parse", "main"));
        Assert.Equal(first.BaseCommit, GitRepository.Run(_remote, "rev-parse", "automations/fix/s1~1"));
    }

    [Fact]
    public async Task RemoveAsync_Twice_RemovesRepositoryAndMirrorBranchWithoutError()
    {
        var workspace = await _provider.PrepareAsync(Request("s1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var push = await new GitSourceControl(_mirrors).CommitAndPushAsync(workspace, Commit("fix"), CancellationToken.None);
        await _provider.PrepareAsync(Request("s2"), CancellationToken.None);
        var mirror = _provider.MirrorDirectory(_remote);
        Assert.Equal(push.Commit, GitRepository.Run(mirror, "rev-parse", "refs/heads/automations/fix/s1"));

        await _provider.RemoveAsync("s1", CancellationToken.None);
        await _provider.RemoveAsync("s1", CancellationToken.None);
        await _provider.RemoveAsync("never-there", CancellationToken.None);

        Assert.False(Directory.Exists(workspace.SessionDirectory));
        Assert.Equal(string.Empty, GitRepository.Run(mirror, "for-each-ref", "--format=%(refname)", "refs/heads/automations/fix/s1"));
        Assert.Equal(push.Commit, GitRepository.Run(_remote, "rev-parse", "automations/fix/s1"));
        Assert.Equal(["s2"], _provider.ListSessions());
        Assert.True(Directory.Exists(mirror));
    }

    [Fact]
    public void ListSessions_NothingPrepared_Empty()
    {
        Assert.Empty(_provider.ListSessions());
    }

    [Fact]
    public async Task PrepareAsync_SecondSessionOnASharedBranch_ContinuesThePushedWork()
    {
        var source = new GitSourceControl(_mirrors);
        var first = await _provider.PrepareAsync(new WorkspaceRequest("s1", _remote, "main", "fix/shared"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "first.txt"), "one\n");
        var pushed = await source.CommitAndPushAsync(first, Commit("first"), CancellationToken.None);

        // The first session's worktree stays (retention), with the branch still checked out.
        var second = await _provider.PrepareAsync(new WorkspaceRequest("s2", _remote, "main", "fix/shared"), CancellationToken.None);

        Assert.Equal(pushed.Commit, Head(second));
        Assert.True(File.Exists(Path.Combine(second.Path, "first.txt")));
        Assert.Equal(first.BaseCommit, second.BaseCommit);
        await File.WriteAllTextAsync(Path.Combine(second.Path, "second.txt"), "two\n");
        var again = await source.CommitAndPushAsync(second, Commit("second"), CancellationToken.None);
        Assert.Equal("one", GitRepository.Show(_remote, "fix/shared", "first.txt"));
        Assert.Equal("two", GitRepository.Show(_remote, "fix/shared", "second.txt"));
        Assert.Equal(pushed.Commit, GitRepository.Run(_remote, "rev-parse", $"{again.Commit}^"));
    }

    [Fact]
    public async Task PrepareAsync_WarmWorktreeReady_IsMovedIntoPlace_AtTheBaseAsItIsNow()
    {
        await _provider.WarmAsync(_remote, "main", CancellationToken.None);
        var warmRoot = Path.Combine(_directory.Path, "warm", Path.GetFileName(_provider.MirrorDirectory(_remote)));
        var warm = Directory.GetDirectories(warmRoot);
        Assert.Equal(2, warm.Length);
        var pushed = PushToRemote("main", "later.txt", "later\n");

        var workspace = await _provider.PrepareAsync(Request("w1"), CancellationToken.None);

        // One of the warm worktrees became the session's: moved, switched to the branch at the new base.
        Assert.Single(warm, w => !Directory.Exists(w));
        Assert.Equal(pushed, Head(workspace));
        Assert.Equal(pushed, workspace.BaseCommit);
        Assert.Equal("automations/fix/w1", GitRepository.Run(workspace.Path, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("later\n", await File.ReadAllTextAsync(Path.Combine(workspace.Path, "later.txt")));
        Assert.Equal("app\n", await File.ReadAllTextAsync(Path.Combine(workspace.Path, "src", "app.txt")));
        Assert.Empty(GitRepository.Run(workspace.Path, "status", "--porcelain"));

        // The taken one is replaced in the background; another provider (a restarted engine) starts afresh.
        await _provider.WarmAsync(_remote, "main", CancellationToken.None);
        var leftovers = Directory.GetDirectories(warmRoot);
        Assert.Equal(2, leftovers.Length);
        var restarted = new GitWorkspaceProvider(_mirrors, _directory.Combine("workspaces"));
        var second = await restarted.PrepareAsync(Request("w2"), CancellationToken.None);
        Assert.Equal(pushed, Head(second));
        await restarted.WarmAsync(_remote, "main", CancellationToken.None);
        Assert.All(leftovers, w => Assert.False(Directory.Exists(w), w));
        Assert.Equal(2, Directory.GetDirectories(warmRoot).Length);
    }
}
