using Automations.Core.Sessions;
namespace Automations.Core.Work;

/// <summary>How a run ended, and for <see cref="SessionRunOutcome.Postponed"/>, how long the job waits.</summary>
public sealed record SessionRunResult(SessionRunOutcome Outcome, string? Error = null, TimeSpan? Delay = null)
{
    public static readonly SessionRunResult Finished = new(SessionRunOutcome.Finished);
}
