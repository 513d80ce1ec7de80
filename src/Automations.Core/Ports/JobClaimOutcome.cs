namespace Automations.Core.Ports;

/// <summary>How a claim of a job by its id ended.</summary>
public enum JobClaimOutcome
{
    /// <summary>The job is leased to the caller.</summary>
    Claimed,

    /// <summary>A live worker holds the job's lease: it runs now, elsewhere.</summary>
    Running,

    /// <summary>The job is over (<c>done</c> or <c>dead</c>): a late or repeated delivery.</summary>
    Ended,

    /// <summary>No job has that id (its session was deleted, or the message names none).</summary>
    Missing,
}
