namespace Automations.Core.Sessions;

/// <summary>What the worker does with the job after a run.</summary>
public enum SessionRunOutcome
{
    /// <summary>The session reached an end (done or errored): complete the job.</summary>
    Finished,

    /// <summary>Something outside the agent failed (clone, push, store): retry the job with backoff.</summary>
    Retry,

    /// <summary>The engine is stopping: give the job back without counting the attempt.</summary>
    Interrupted,
}
