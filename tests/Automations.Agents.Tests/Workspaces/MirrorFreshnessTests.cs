using Automations.Agents.Workspaces;
using Automations.Core.Ports;
using Automations.Testing;

namespace Automations.Agents.Tests.Workspaces;

/// <summary>
/// When a new session's checkout fetches its mirror, against real git repositories: never when the mirror is known
/// to be new enough, which a remote moved out of reach proves; always when it may be behind what the session needs.
/// </summary>
public sealed class MirrorFreshnessTests : IDisposable
{
    private readonly TempDirectory _directory = new("mirror-freshness");
    private readonly string _remote;

    public MirrorFreshnessTests()
    {
        _remote = _directory.Combine("remote.git");
        GitRepository.CreateBare(_remote, new Dictionary<string, string> { ["README.md"] = "hello\n" });
    }

    public void Dispose() => _directory.Dispose();

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <summary>A provider whose mirror is cloned (and fetched) by a first session, as after the engine's first start on the repository.</summary>
    private async Task<(GitWorkspaceProvider Provider, Mirrors Mirrors)> StartedAsync(TimeSpan? maxAge = null)
    {
        var mirrors = new Mirrors(new Git(TimeProvider.System, TestSandbox.Default(_directory.Path)), _directory.Combine("mirrors")) { MaxAge = maxAge ?? TimeSpan.FromMinutes(5) };
        var provider = new GitWorkspaceProvider(mirrors, _directory.Combine("workspaces"));
        await provider.PrepareAsync(Request("first", null), CancellationToken.None);
        return (provider, mirrors);
    }

    private WorkspaceRequest Request(string session, MirrorFreshness? freshness) =>
        new(session, _remote, "main", $"automations/probe/{session}") { Freshness = freshness };

    private string PushToRemote(string file)
    {
        var clone = _directory.Combine($"other-{Guid.NewGuid():N}");
        GitRepository.Run(_directory.Path, "clone", "--quiet", "--branch", "main", _remote, clone);
        File.WriteAllText(Path.Combine(clone, file), file);
        GitRepository.Run(clone, "add", "--all");
        GitRepository.Run(clone, "-c", "user.name=Other", "-c", "user.email=other@example.com", "commit", "--quiet", "-m", file);
        GitRepository.Run(clone, "push", "--quiet", "origin", "main");
        return GitRepository.Run(clone, "rev-parse", "HEAD");
    }

    /// <summary>
    /// The push's delivery, as the engine takes it: noted, then the mirror fetched in the background. The task is the
    /// fetch's own, so that pushes during one fetch give back the same task.
    /// </summary>
    private Task PushedAsync(Mirrors mirrors, MirrorRefresher refresher, Action<Exception> failed)
    {
        // This process's pushes are noted at once.
        Assert.True(mirrors.Pushes.NoteAsync(new BranchPush(_remote, "main"), CancellationToken.None).IsCompletedSuccessfully);
        return refresher.RefreshAsync(_remote, failed);
    }

    /// <summary>The remote goes out of reach: any fetch now fails.</summary>
    private void Unreachable() => Directory.Move(_remote, _remote + ".gone");

    private static string HeadOf(Workspace workspace) => GitRepository.Run(workspace.Path, "rev-parse", "HEAD");

    [Fact]
    public async Task PrepareAsync_EventNamesTheBaseCommitTheMirrorHas_StartsOnItWithoutAFetch()
    {
        var (provider, _) = await StartedAsync();
        var main = GitRepository.Run(_remote, "rev-parse", "main");
        Unreachable();

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), main)), CancellationToken.None);

        Assert.False(workspace.Fetched);
        Assert.Equal(main, workspace.BaseCommit);
        Assert.Equal(main, HeadOf(workspace));
        Assert.Equal("automations/probe/s1", GitRepository.Run(workspace.Path, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal(main, GitRepository.Run(workspace.Path, "rev-parse", "refs/remotes/origin/main"));
    }

    [Fact]
    public async Task PrepareAsync_EventNamesACommitTheMirrorLacks_FetchesAndStartsOnIt()
    {
        var (provider, _) = await StartedAsync();
        var pushed = PushToRemote("later.txt");

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), pushed)), CancellationToken.None);

        Assert.True(workspace.Fetched);
        Assert.Equal(pushed, workspace.BaseCommit);
        Assert.Equal(pushed, HeadOf(workspace));
        Assert.True(File.Exists(Path.Combine(workspace.Path, "later.txt")));
    }

    [Fact]
    public async Task PrepareAsync_EventWithoutACommit_AfterAPushToTheBaseWasFetched_StartsOnThePushedCommitWithoutAFetch()
    {
        var (provider, mirrors) = await StartedAsync();
        var pushed = PushToRemote("later.txt");
        var failures = new List<Exception>();

        // The push's delivery: the mirror is fetched in the background, before the Sentry-like event comes.
        await PushedAsync(mirrors, new MirrorRefresher(mirrors), failures.Add);
        Unreachable();
        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), null)), CancellationToken.None);

        Assert.Empty(failures);
        Assert.False(workspace.Fetched);
        Assert.Equal(pushed, workspace.BaseCommit);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_EventWithoutACommit_PushSeenButNotFetchedYet_FetchesAndStartsOnThePushedCommit()
    {
        var (provider, mirrors) = await StartedAsync();
        var pushed = PushToRemote("later.txt");
        await mirrors.Pushes.NoteAsync(new BranchPush(_remote, "main"), CancellationToken.None);

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), null)), CancellationToken.None);

        Assert.True(workspace.Fetched);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_EventWithoutACommit_NoPushEverSeen_Fetches()
    {
        // Nothing says pushes to this repository reach the engine: only a fetch shows where the base is.
        var (provider, _) = await StartedAsync();
        var pushed = PushToRemote("later.txt");

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), null)), CancellationToken.None);

        Assert.True(workspace.Fetched);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_PushesSeenButTheLastFetchOlderThanMaxAge_Fetches()
    {
        var (provider, mirrors) = await StartedAsync(maxAge: TimeSpan.Zero);
        await PushedAsync(mirrors, new MirrorRefresher(mirrors), _ => { });
        var pushed = PushToRemote("later.txt");

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), null)), CancellationToken.None);

        Assert.True(workspace.Fetched);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_MirrorFetchedAfterTheSessionWasMade_DoesNotFetchAgain()
    {
        var made = Now.AddSeconds(-1);
        var (provider, _) = await StartedAsync();
        var main = GitRepository.Run(_remote, "rev-parse", "main");
        Unreachable();

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(made, null)), CancellationToken.None);

        Assert.False(workspace.Fetched);
        Assert.Equal(main, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_NoFreshnessGiven_FetchesAsBefore()
    {
        var (provider, _) = await StartedAsync();
        var pushed = PushToRemote("later.txt");

        var workspace = await provider.PrepareAsync(Request("s1", null), CancellationToken.None);

        Assert.True(workspace.Fetched);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task PrepareAsync_MirrorRefsPacked_ReadInProcessAllTheSame()
    {
        var (provider, _) = await StartedAsync();
        var main = GitRepository.Run(_remote, "rev-parse", "main");
        GitRepository.Run(provider.MirrorDirectory(_remote), "pack-refs", "--all", "--prune");
        Unreachable();

        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), main)), CancellationToken.None);

        Assert.False(workspace.Fetched);
        Assert.Equal(main, HeadOf(workspace));
    }

    [Fact]
    public async Task RefreshAsync_PushesDuringAFetch_MakeOneMoreFetchNotOneEach()
    {
        var (provider, mirrors) = await StartedAsync();
        var refresher = new MirrorRefresher(mirrors);
        var pushed = PushToRemote("later.txt");

        var fetches = Enumerable.Range(0, 5).Select(_ => PushedAsync(mirrors, refresher, _ => { })).ToList();
        await Task.WhenAll(fetches);

        Assert.True(fetches.Distinct().Count() <= 2, $"{fetches.Distinct().Count()} fetches for 5 pushes");
        Unreachable();
        var workspace = await provider.PrepareAsync(Request("s1", new MirrorFreshness(Now.AddMinutes(1), null)), CancellationToken.None);
        Assert.False(workspace.Fetched);
        Assert.Equal(pushed, HeadOf(workspace));
    }

    [Fact]
    public async Task RefreshAsync_RepositoryWithoutAMirror_ClonesNothing()
    {
        var mirrors = new Mirrors(new Git(TimeProvider.System, TestSandbox.Default(_directory.Path)), _directory.Combine("mirrors"));

        await PushedAsync(mirrors, new MirrorRefresher(mirrors), _ => { });

        Assert.False(Directory.Exists(mirrors.DirectoryOf(_remote)));
    }
}
