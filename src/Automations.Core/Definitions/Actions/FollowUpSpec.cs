namespace Automations.Core.Definitions.Actions;

/// <summary>
/// <c>follow_up: { ci_failed: { retries }, changes_requested: { retries } }</c>: how many follow-up turns
/// the session's agent gets for failed CI (counted per CI run, that is per head commit) and for reviews
/// that request changes. Past the limit the session's Slack thread is told, and its status stays.
/// </summary>
public sealed record FollowUpSpec
{
    public int CiFailedRetries { get; init; }

    public int ChangesRequestedRetries { get; init; }
}
