namespace Automations.Core.Work;

/// <summary>
/// How a run ended; for <see cref="SessionRunOutcome.Postponed"/>, how long the job waits; and where the
/// session stands after it, for the worker's log.
/// </summary>
public sealed record SessionRunResult(SessionRunOutcome Outcome, string? Error = null, TimeSpan? Delay = null)
{
    public static readonly SessionRunResult Finished = new(SessionRunOutcome.Finished);

    /// <summary>The session after the run; null when it does not exist.</summary>
    public SessionStanding? Standing { get; init; }
}
