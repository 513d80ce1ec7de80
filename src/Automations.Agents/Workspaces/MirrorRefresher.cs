using System.Collections.Concurrent;
using System.Data.Common;

namespace Automations.Agents.Workspaces;

/// <summary>
/// Keeps mirrors fresh off the sessions' path: after a push to a repository whose mirror is here (noted in
/// <see cref="Mirrors.Pushes"/> by whoever heard of it), the mirror is fetched in the background, one fetch at a time
/// per mirror; pushes that come during a fetch make one more after it, not one each. A new session then finds the
/// branch fetched, or waits for the fetch under way (it holds the mirror's lock) instead of starting its own.
/// </summary>
public sealed class MirrorRefresher(Mirrors mirrors)
{
    private readonly ConcurrentDictionary<string, Refresh> _refreshes = new(StringComparer.Ordinal);

    /// <summary>
    /// Fetches the mirror of <paramref name="repositoryUrl"/> in the background after a push to it, if there is one: a
    /// repository no session has used is not cloned for a push. The task ends when the fetches this call asked for are
    /// done; <paramref name="failed"/> hears of each one that failed.
    /// </summary>
    public Task RefreshAsync(string repositoryUrl, Action<Exception> failed)
    {
        var mirror = mirrors.DirectoryOf(repositoryUrl);
        if (!Mirrors.Exists(mirror))
        {
            return Task.CompletedTask;
        }

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
            catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException or HttpRequestException or DbException or TimeoutException)
            {
                // Nothing is lost: the push stays noted above the mirror's mark (a store out of reach marks nothing), so the
                // next session on the branch fetches for itself.
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
