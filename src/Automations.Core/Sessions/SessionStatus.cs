namespace Automations.Core.Sessions;

/// <summary>Session statuses as written in the store and the API (ARCHITECTURE.md, "Sessions").</summary>
public static class SessionStatus
{
    /// <summary>Waiting for a worker to take its job (or held back by a lock or a limit).</summary>
    public const string Queued = "queued";

    /// <summary>A worker took the job: the workspace and the agent are being made.</summary>
    public const string Spawning = "spawning";
    public const string Working = "working";
    public const string NeedsInput = "needs_input";
    public const string Stuck = "stuck";
    public const string PrOpen = "pr_open";
    public const string CiFailed = "ci_failed";
    public const string ReviewPending = "review_pending";
    public const string ChangesRequested = "changes_requested";
    public const string Approved = "approved";
    public const string Mergeable = "mergeable";
    public const string Merged = "merged";
    public const string Done = "done";
    public const string Errored = "errored";
    public const string Killed = "killed";
    public const string Terminated = "terminated";
    public const string Cleanup = "cleanup";

    /// <summary>The statuses of a session whose pull request is open: its CI, reviews and base move it between them.</summary>
    public static readonly IReadOnlyList<string> PullRequestOpen = [PrOpen, CiFailed, ReviewPending, ChangesRequested, Approved, Mergeable];

    /// <summary>The statuses a session ends in.</summary>
    public static readonly IReadOnlyList<string> Terminal = [Merged, Done, Errored, Killed, Terminated, Cleanup];

    public static bool IsTerminal(string status) => status is Done or Errored or Merged or Killed or Terminated or Cleanup;

    /// <summary>A terminal session other than <c>merged</c> can be restored by a message or a resume.</summary>
    public static bool CanRestore(string status) => IsTerminal(status) && status != Merged;
}
