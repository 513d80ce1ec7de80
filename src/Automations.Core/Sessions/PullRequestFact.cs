namespace Automations.Core.Sessions;

/// <summary>What a GitHub delivery says about the pull request of a branch: the data of a <c>pull_request</c> session event.</summary>
/// <param name="Kind">One of the constants below.</param>
/// <param name="Branch">The pull request's head branch: how the session is found.</param>
public sealed record PullRequestFact(string Kind, string Branch)
{
    public const string Opened = "opened";
    public const string Closed = "closed";
    public const string Merged = "merged";
    public const string CiFailed = "ci_failed";
    public const string CiPassed = "ci_passed";
    public const string ChangesRequested = "changes_requested";
    public const string Approved = "approved";

    /// <summary>The pull request's head (<c>synchronize</c>) or its base (a <c>push</c> to it) moved: whether it still merges is checked.</summary>
    public const string Moved = "moved";

    public int? Number { get; init; }

    public string? Url { get; init; }

    public string? HeadSha { get; init; }

    /// <summary>A check's conclusion (<c>failure</c>, <c>timed_out</c>, <c>success</c>, …).</summary>
    public string? Conclusion { get; init; }

    /// <summary>The check run's or workflow's name.</summary>
    public string? Name { get; init; }

    /// <summary>The failed check run, whose output, annotations and log a follow-up turn carries.</summary>
    public long? CheckRunId { get; init; }

    public long? ReviewId { get; init; }

    public string? Reviewer { get; init; }

    /// <summary>The review's own text.</summary>
    public string? Body { get; init; }

    /// <summary>The delivery it came in: routed once, however often it comes.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>The status it moved the session to, if it did, and why.</summary>
    public string? Status { get; init; }

    public string? Reason { get; init; }
}
