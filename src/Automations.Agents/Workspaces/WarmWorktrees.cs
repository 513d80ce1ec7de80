using System.Collections.Concurrent;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A few session repositories per mirror, made and checked out ahead of time (detached, untouched, by the
/// sandbox's user), so that a new session starts without waiting for thousands of files to be written:
/// its repository is a warm one moved into place and switched to the session's branch, which rewrites
/// only the files that differ. Each one taken is replaced in the background. A mirror's warm repositories
/// live in <c>{root}/{mirror's name}/</c>; a new process starts that folder afresh, since it cannot tell
/// what a crash left half-made. No agent sees them before one is taken.
/// </summary>
internal sealed class WarmWorktrees(Git git, string root, int perMirror)
{
    /// <summary>
    /// How long a refill waits after a repository was taken: the session's agent starts meanwhile. Writing
    /// thousands of files beside a sandbox's start made its mounts wait (28 ms of a 64 ms start).
    /// </summary>
    private static readonly TimeSpan RefillDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves a warm repository of <paramref name="mirror"/> to <paramref name="target"/>: the base it was made for
    /// and the commit it is checked out at (detached), or null if none is ready.
    /// </summary>
    public WarmRepository? TryTake(string mirror, string target)
    {
        if (!_pools.TryGetValue(mirror, out var pool) || !pool.Started)
        {
            return null;
        }

        while (pool.Ready.TryDequeue(out var warm))
        {
            try
            {
                Directory.Move(warm.Path, target);
                return warm;
            }
            catch (IOException)
            {
                // Gone from under us (removed by hand): the next one, or a checkout in full.
            }
        }

        return null;
    }

    /// <summary>
    /// Tops the mirror's warm repositories up to the configured number, at commit <paramref name="start"/> of branch
    /// <paramref name="base"/> (<c>origin/&lt;base&gt;</c> in each); one refill at a time per mirror.
    /// </summary>
    public async Task FillAsync(string mirror, string @base, string start, CancellationToken cancellationToken)
    {
        if (perMirror <= 0)
        {
            return;
        }

        var pool = _pools.GetOrAdd(mirror, m => new Pool(Path.Combine(root, Path.GetFileName(m))));
        await pool.Filling.WaitAsync(cancellationToken);
        try
        {
            if (!pool.Started)
            {
                // What an earlier process left goes.
                Folders.Delete(pool.Directory);
                Directory.CreateDirectory(pool.Directory);
                pool.Started = true;
            }

            while (pool.Ready.Count < perMirror)
            {
                // Nothing of the mirror changes: the new repository only borrows its objects.
                var path = Path.Combine(pool.Directory, $"w-{Guid.NewGuid():N}");
                Directory.CreateDirectory(path);
                git.Sandbox.HandOver(path);
                var objects = Mirrors.ObjectsOf(mirror);
                await git.RunAsSandboxUserAsync(path, SessionRepositoryScripts.CreateDetached, [objects, start, @base], cancellationToken);
                pool.Ready.Enqueue(new WarmRepository(path, @base, start));
            }
        }
        finally
        {
            pool.Filling.Release();
        }
    }

    /// <summary>Starts <see cref="FillAsync"/> in the background, a little later. A failure only means the next session checks out in full.</summary>
    public void Refill(string mirror, string @base, string start)
    {
        if (perMirror > 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(RefillDelay, git.Time);
                    await FillAsync(mirror, @base, start, CancellationToken.None);
                }
                catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
                {
                    // Nothing is lost: PrepareAsync checks out in full when no warm repository is ready, and
                    // reports any real problem with the mirror there.
                }
            });
        }
    }

    private sealed class Pool(string directory)
    {
        public string Directory { get; } = directory;

        /// <summary>Warm repositories, each with the base and the commit it is checked out at.</summary>
        public ConcurrentQueue<WarmRepository> Ready { get; } = new();

        public SemaphoreSlim Filling { get; } = new(1, 1);

        public bool Started { get; set; }
    }
}

/// <summary>A warm repository: where it is, the base branch it was made for (<c>origin/&lt;base&gt;</c> in it), and the commit it is checked out at.</summary>
internal sealed record WarmRepository(string Path, string Base, string Commit);
