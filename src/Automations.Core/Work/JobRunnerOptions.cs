namespace Automations.Core.Work;

/// <summary>How a worker keeps a job while it runs.</summary>
public sealed record JobRunnerOptions
{
    /// <summary>How often the lease, the locks and the session's heartbeat are extended.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How far each heartbeat extends the session's locks.</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a run may go on after the engine begins to stop, before its agent is stopped.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);
}
