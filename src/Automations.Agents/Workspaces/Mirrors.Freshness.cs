using System.Collections.Concurrent;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

public sealed partial class Mirrors
{
    /// <summary>Two times that compare across a store that keeps milliseconds: a fetch counts as after a session only from the next one.</summary>
    private static readonly TimeSpan ClockGrain = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<string, MirrorTimes> _times = new(StringComparer.Ordinal);

    /// <summary>
    /// How long after its last fetch a mirror's view of a branch is trusted on the strength of the pushes heard of to
    /// it (<see cref="Pushes"/>): a bound on what a lost push delivery can cost. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A mirror of the repository is there (it may be old).</summary>
    public static bool Exists(string mirror) => File.Exists(Path.Combine(mirror, "HEAD"));

    /// <summary>
    /// True when a new checkout of <paramref name="branch"/> may use the mirror of <paramref name="repositoryUrl"/> as
    /// it is, whose copy of the branch is at <paramref name="commit"/> (null: it has none). In order: a push to the
    /// branch noted after the last fetch began (<see cref="Pushes"/>: by any instance that shares them) means no; the
    /// commit the session's event names for the branch being the mirror's means yes; so does a fetch begun after the
    /// session was made; and so does a fetch within <see cref="MaxAge"/> when pushes to the branch reach the engine
    /// (one was noted) and none came after that fetch began. Anything else is fetched.
    /// </summary>
    public async Task<bool> IsFreshAsync(string repositoryUrl, string mirror, string branch, MirrorFreshness wanted, string? commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (commit is null)
        {
            return false;
        }

        var pushed = await Pushes.LastAsync(new BranchPush(repositoryUrl, branch), cancellationToken);
        var times = _times.GetOrAdd(mirror, static _ => new MirrorTimes());
        lock (times)
        {
            if (pushed is { } push && (times.FetchedAt is null || push > times.Mark))
            {
                return false;
            }

            if (string.Equals(wanted.BaseCommit, commit, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return times.FetchedAt is { } fetched
                && (fetched >= wanted.Since + ClockGrain || (pushed is not null && git.Time.GetUtcNow() - fetched <= MaxAge));
        }
    }

    /// <summary>A fetch begun at <paramref name="started"/>, after <paramref name="mark"/> was read, succeeded.</summary>
    private void Fetched(string mirror, DateTimeOffset started, long mark)
    {
        var times = _times.GetOrAdd(mirror, static _ => new MirrorTimes());
        lock (times)
        {
            if (times.FetchedAt is not { } earlier || started > earlier)
            {
                times.FetchedAt = started;
            }

            times.Mark = Math.Max(times.Mark, mark);
        }
    }

    private sealed class MirrorTimes
    {
        /// <summary>When the last successful fetch began, in this process.</summary>
        public DateTimeOffset? FetchedAt { get; set; }

        /// <summary>The highest push number read before a successful fetch began: every push up to it is in the mirror.</summary>
        public long Mark { get; set; }
    }
}
