using Automations.Core.Sessions;
namespace Automations.Core.Work;

/// <summary>Settings of <see cref="SessionRunner"/>.</summary>
public sealed record SessionRunnerOptions
{
    /// <summary>Where <c>owner/name</c> repositories live. Default <c>https://github.com</c>.</summary>
    public string GitUrl { get; init; } = "https://github.com";

    /// <summary>How long agent output may wait before it is written as session events. Default 200 ms.</summary>
    public TimeSpan OutputFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No output for this long, with no tool call running, makes the activity <c>idle</c>. Default 2 minutes.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a lease on a branch lock or concurrency slot lasts before a heartbeat extends it. Default 30 s.</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a session held back by a lock waits before it tries again. Default 2 s.</summary>
    public TimeSpan LockRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most agent output one session stores, in bytes (text, logs, tool inputs and outputs); past it a
    /// <c>truncated</c> event says so and the rest is not stored. Default 64 MiB.
    /// </summary>
    public long MaxSessionOutputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The name and email on the commit of what the agent left.</summary>
    public string CommitAuthorName { get; init; } = "Automations";

    public string CommitAuthorEmail { get; init; } = "automations@localhost";
}
