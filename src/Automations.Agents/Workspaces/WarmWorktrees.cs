using System.Collections.Concurrent;

namespace Automations.Agents.Workspaces;

/// <summary>
/// A few worktrees per mirror, checked out ahead of time (detached, untouched), so that a new session
/// starts without waiting for thousands of files to be written: its worktree is a warm one moved into
/// place and switched to the session's branch, which rewrites only the files that differ. Each one taken
/// is replaced in the background. A mirror's warm worktrees live in <c>{root}/{mirror's name}/</c>; a new
/// process starts that folder afresh, since it cannot tell what a crash left half-made.
/// </summary>
internal sealed class WarmWorktrees(Git git, string root, int perMirror)
{
    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    /// <summary>The mirrors' locks: a warm worktree is registered with its mirror while nothing else changes it.</summary>
    public KeyedAsyncLock MirrorLocks { get; } = new();

    /// <summary>
    /// Moves a warm worktree of <paramref name="mirror"/> to <paramref name="target"/>: the commit it is
    /// checked out at (detached), or null if none is ready. The caller holds the mirror's lock.
    /// </summary>
    public async Task<string?> TryTakeAsync(string mirror, string target, CancellationToken cancellationToken)
    {
        var pool = await PoolAsync(mirror, mirrorLocked: true, cancellationToken);
        while (pool.Ready.TryDequeue(out var warm))
        {
            if (await git.ExitCodeAsync(mirror, ["worktree", "move", warm.Path, target], cancellationToken) == 0)
            {
                return warm.Commit;
            }
        }

        return null;
    }

    /// <summary>Tops the mirror's warm worktrees up to the configured number, at commit <paramref name="start"/>; one refill at a time per mirror.</summary>
    public async Task FillAsync(string mirror, string start, CancellationToken cancellationToken)
    {
        if (perMirror <= 0)
        {
            return;
        }

        var pool = await PoolAsync(mirror, mirrorLocked: false, cancellationToken);
        await pool.Filling.WaitAsync(cancellationToken);
        try
        {
            while (pool.Ready.Count < perMirror)
            {
                // Registering the worktree changes the mirror (a fetch checks every worktree's HEAD), so it is
                // done under the mirror's lock, without its files: that takes milliseconds. Writing the files
                // touches only the new worktree, and runs beside the sessions' git work.
                var path = Path.Combine(pool.Directory, $"w-{Guid.NewGuid():N}");
                using (await MirrorLocks.AcquireAsync(mirror, cancellationToken))
                {
                    await git.RunAsync(mirror, ["worktree", "add", "--quiet", "--no-checkout", "--detach", path, start], cancellationToken);
                }

                await git.RunAsync(path, ["reset", "--quiet", "--hard"], cancellationToken);
                pool.Ready.Enqueue((path, start));
            }
        }
        finally
        {
            pool.Filling.Release();
        }
    }

    /// <summary>Starts <see cref="FillAsync"/> in the background. A failure only means the next session checks out in full.</summary>
    public void Refill(string mirror, string start)
    {
        if (perMirror > 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await FillAsync(mirror, start, CancellationToken.None);
                }
                catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
                {
                    // Nothing is lost: PrepareAsync checks out in full when no warm worktree is ready, and
                    // reports any real problem with the mirror there.
                }
            });
        }
    }

    private async Task<Pool> PoolAsync(string mirror, bool mirrorLocked, CancellationToken cancellationToken)
    {
        var pool = _pools.GetOrAdd(mirror, m => new Pool(Path.Combine(root, Path.GetFileName(m))));
        if (!pool.Started)
        {
            await pool.Filling.WaitAsync(cancellationToken);
            try
            {
                if (!pool.Started)
                {
                    // What an earlier process left goes; forgetting its worktrees changes the mirror.
                    using (mirrorLocked ? null : await MirrorLocks.AcquireAsync(mirror, cancellationToken))
                    {
                        if (System.IO.Directory.Exists(pool.Directory))
                        {
                            System.IO.Directory.Delete(pool.Directory, recursive: true);
                            await git.RunAsync(mirror, ["worktree", "prune"], cancellationToken);
                        }
                    }

                    System.IO.Directory.CreateDirectory(pool.Directory);
                    pool.Started = true;
                }
            }
            finally
            {
                pool.Filling.Release();
            }
        }

        return pool;
    }

    private sealed class Pool(string directory)
    {
        public string Directory { get; } = directory;

        /// <summary>Warm worktrees, each with the commit it is checked out at.</summary>
        public ConcurrentQueue<(string Path, string Commit)> Ready { get; } = new();

        public SemaphoreSlim Filling { get; } = new(1, 1);

        public bool Started { get; set; }
    }
}
