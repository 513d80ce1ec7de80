namespace Automations.Core.Work;

/// <summary>What became of a job after a run.</summary>
public enum JobEnd
{
    /// <summary>The session came to rest (or ended); the job is done.</summary>
    Completed,

    /// <summary>A lock or a limit holds the session back; the job runs again at <see cref="JobSettlement.Until"/>.</summary>
    Postponed,

    /// <summary>The engine stopped mid-run; the job is back in the queue, the attempt not counted.</summary>
    Requeued,

    /// <summary>The attempt failed; the job runs again at <see cref="JobSettlement.Until"/>.</summary>
    Retrying,

    /// <summary>The last attempt failed; the job is dead and the session <c>errored</c>.</summary>
    Dead,
}
