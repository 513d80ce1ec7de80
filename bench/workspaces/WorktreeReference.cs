using Automations.Agents.Workspaces;

namespace Automations.Bench.Workspaces;

/// <summary>
/// The start before the sandbox, kept as a reference: a session's worktree was a worktree of the mirror,
/// taken warm from a pool (<c>worktree move</c>) and switched to the session's branch with
/// <c>update-ref</c> and <c>symbolic-ref</c>, after a fetch and one <c>for-each-ref</c>, all as the engine.
/// </summary>
internal sealed class WorktreeReference(Git git, string root, string url)
{
    private readonly string _mirror = Path.Combine(root, "mirror.git");
    private readonly Queue<string> _warm = new();
    private Task _refill = Task.CompletedTask;

    public async Task CloneAsync()
    {
        await git.RunAsync(root, ["clone", "--quiet", "--bare", "--no-tags", "--", url, _mirror], CancellationToken.None);
        await git.RunAsync(_mirror, ["config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"], CancellationToken.None);
        await git.RunAsync(_mirror, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], CancellationToken.None);
    }

    /// <summary>Waits for the refill a start began (untimed), so that one warm worktree is ready.</summary>
    public async Task EnsureWarmAsync()
    {
        await _refill;
        if (_warm.Count == 0)
        {
            await FillAsync();
        }
    }

    private async Task FillAsync()
    {
        var path = Path.Combine(root, "warm", $"w-{Guid.NewGuid():N}");
        await git.RunAsync(_mirror, ["worktree", "add", "--quiet", "--no-checkout", "--detach", path, "refs/remotes/origin/main"], CancellationToken.None);
        await git.RunAsync(path, ["reset", "--quiet", "--hard"], CancellationToken.None);
        _warm.Enqueue(path);
    }

    /// <summary>The timed part: what the provider did to hand a session its worktree; answers its path.</summary>
    public async Task<string> PrepareAsync(string session)
    {
        var target = Path.Combine(root, "workspaces", session, "repo");
        Directory.CreateDirectory(Path.Combine(root, "workspaces", session, "home"));
        await git.RunAsync(_mirror, ["fetch", "--quiet", "--prune", "--no-tags", "origin"], CancellationToken.None);
        var branch = $"refs/heads/automations/bench/{session}";
        var refs = await git.RunAsync(_mirror, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/remotes/origin/main", $"refs/remotes/origin/automations/bench/{session}", branch], CancellationToken.None);
        var start = refs.Split(' ')[1].Trim();
        await git.RunAsync(_mirror, ["worktree", "move", _warm.Dequeue(), target], CancellationToken.None);
        await git.RunAsync(_mirror, ["update-ref", branch, start], CancellationToken.None);
        await git.RunAsync(target, ["symbolic-ref", "HEAD", branch], CancellationToken.None);

        // As the provider did: the taken worktree is replaced in the background, beside the agent's start.
        _refill = Task.Run(FillAsync);
        return target;
    }

    public async Task RemoveAsync(string session)
    {
        await git.RunAsync(_mirror, ["worktree", "remove", "--force", "--force", Path.Combine(root, "workspaces", session, "repo")], CancellationToken.None);
        await git.ExitCodeAsync(_mirror, ["branch", "--quiet", "-D", $"automations/bench/{session}"], CancellationToken.None);
        Directory.Delete(Path.Combine(root, "workspaces", session), recursive: true);
    }
}
