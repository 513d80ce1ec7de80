using Automations.Core.Sessions;
namespace Automations.Core.Work;

/// <summary>What the worker does with the job after a run.</summary>
public enum SessionRunOutcome
{
    /// <summary>The session came to rest (done, errored, needs_input, skipped): complete the job.</summary>
    Finished,

    /// <summary>Something outside the agent failed (clone, push, store): retry the job with backoff.</summary>
    Retry,

    /// <summary>The engine is stopping: give the job back without counting the attempt.</summary>
    Interrupted,

    /// <summary>A lock or limit holds the session back: give the job back to run later, without counting the attempt.</summary>
    Postponed,
}
