namespace Automations.Core.Definitions.Actions;

/// <summary>
/// <c>follow_up: { ci_failed: { retries }, changes_requested: { retries }, conflicts: { retries } }</c>: how many
/// follow-up turns the session's agent gets for failed CI (counted per CI run, that is per head commit), for
/// reviews that request changes, and for a pull request whose base moved into conflict with it. Past the limit
/// the session's Slack thread is told, its status stays, and <c>retries_exhausted</c> is notified.
/// </summary>
public sealed record FollowUpSpec
{
    public int CiFailedRetries { get; init; }

    public int ChangesRequestedRetries { get; init; }

    /// <summary>Turns for merge conflicts; null when <c>conflicts</c> is absent, and the pull request's mergeability is not checked.</summary>
    public int? ConflictsRetries { get; init; }
}
