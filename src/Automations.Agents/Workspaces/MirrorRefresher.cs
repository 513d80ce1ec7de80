using System.Collections.Concurrent;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Keeps mirrors fresh off the sessions' path: a push to a repository whose mirror is here is noted
/// (<see cref="Mirrors.PushSeen"/>), and the mirror fetched in the background, one fetch at a time per mirror;
/// pushes that come during a fetch make one more after it, not one each. A new session then finds the branch
/// fetched, or waits for the fetch under way (it holds the mirror's lock) instead of starting its own.
/// </summary>
public sealed class MirrorRefresher(Mirrors mirrors)
{
    private readonly ConcurrentDictionary<string, Refresh> _refreshes = new(StringComparer.Ordinal);

    /// <summary>
    /// Notes a push to <paramref name="branch"/> of <paramref name="repositoryUrl"/> and fetches its mirror in the
    /// background, if there is one: a repository no session has used is not cloned for a push. The task ends when
    /// the fetches this push asked for are done; <paramref name="failed"/> hears of each one that failed.
    /// </summary>
    public Task PushedAsync(string repositoryUrl, string branch, Action<Exception> failed)
    {
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        if (!Mirrors.Exists(mirror))
        {
            return Task.CompletedTask;
        }

        mirrors.PushSeen(mirror, branch);
        var refresh = _refreshes.GetOrAdd(mirror, static _ => new Refresh());
        lock (refresh)
        {
            if (refresh.Running)
            {
                refresh.Again = true;
                return refresh.Fetching;
            }

            refresh.Running = true;
            return refresh.Fetching = Task.Run(() => FetchAsync(repositoryUrl, mirror, refresh, failed));
        }
    }

    private async Task FetchAsync(string repositoryUrl, string mirror, Refresh refresh, Action<Exception> failed)
    {
        while (true)
        {
            try
            {
                using (await mirrors.Locks.AcquireAsync(mirror, CancellationToken.None))
                {
                    await mirrors.UpdateAsync(repositoryUrl, mirror, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException or HttpRequestException)
            {
                // Nothing is lost: the push stays noted, so the next session on the branch fetches for itself.
                failed(ex);
            }

            lock (refresh)
            {
                if (!refresh.Again)
                {
                    refresh.Running = false;
                    return;
                }

                refresh.Again = false;
            }
        }
    }

    private sealed class Refresh
    {
        public bool Running { get; set; }

        public Task Fetching { get; set; } = Task.CompletedTask;

        public bool Again { get; set; }
    }
}
