using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

public sealed class WorkerOptions
{
    /// <summary>Run workers in this process. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sessions run at once. Default 2.</summary>
    [Range(1, 1024, ErrorMessage = "must be between {1} and {2}.")]
    public int Concurrency { get; set; } = 2;

    /// <summary>How often an idle worker looks for a job when nothing wakes it. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On stop, how long running sessions may go on before their jobs are given back. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "must not be negative.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No agent output for this long, with no tool call running, makes a session's activity <c>idle</c>. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A <c>working</c> session whose heartbeat is older than this becomes <c>stuck</c>: its worker is gone.
    /// Default: two thirds of <c>Automations:Queue:LeaseDuration</c> (heartbeats come every third).
    /// </summary>
    public TimeSpan? StuckAfter { get; set; }

    /// <summary>
    /// How often the session janitor looks for stale heartbeats, old workspaces and sessions waiting past their
    /// <c>escalate_after</c>. Default: a third of <c>Automations:Queue:LeaseDuration</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>How long the workspace of an ended session is kept before it is removed. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "must not be negative.")]
    public TimeSpan WorkspaceRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a session held back by a lock or limit waits before it tries again. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan LockRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Worktrees per repository kept checked out ahead of time, so that a new session starts without
    /// writing every file of the repository. Each costs one checkout's disk space. Default 2; 0 for none.
    /// </summary>
    [Range(0, 32, ErrorMessage = "must be between {1} and {2}.")]
    public int WarmWorktrees { get; set; } = 2;

    /// <summary>
    /// How long after its last fetch a repository's mirror is trusted for a new session without fetching again,
    /// where GitHub's pushes to the session's base reach this instance and none came since (README, "When a new
    /// workspace fetches"). Default 5 minutes; 0 fetches for every session that its own event does not vouch for.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "must be between {1} and {2}.")]
    public TimeSpan MirrorMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Prebuild snapshots kept per repository (a definition's <c>prebuild:</c>), newest first; older ones are
    /// deleted when a new one is ready. Default 3.
    /// </summary>
    [Range(1, 100, ErrorMessage = "must be between {1} and {2}.")]
    public int PrebuildsKept { get; set; } = 3;

    /// <summary>The longest line of an agent's output kept whole, in bytes; the rest of a longer line is dropped, with a <c>truncated</c> event. Default 1 MiB.</summary>
    public int MaxOutputLineBytes { get; set; } = 1024 * 1024;

    /// <summary>The most agent output one session stores, in bytes; past it a <c>truncated</c> event says so. Default 64 MiB.</summary>
    public long MaxSessionOutputBytes { get; set; } = 64L * 1024 * 1024;
}
