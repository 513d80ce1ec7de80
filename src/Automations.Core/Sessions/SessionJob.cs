namespace Automations.Core.Sessions;

/// <summary>
/// The durable unit of work: run one automation for one delivery. Its id is the session's id, so a job
/// and its session are one thing seen from the queue and from the API.
/// </summary>
public sealed record SessionJob(string SessionId, string Automation, string Source, string DeliveryId)
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that made the job (its delivery's), kept with the job so that
    /// the job's span continues that trace wherever and whenever it runs; null when none was recorded.
    /// </summary>
    public string? TraceParent { get; init; }
}
