namespace Automations.Core.Sessions;

/// <summary>
/// The durable unit of work: run one automation for one delivery. Its id is the session's id, so a job
/// and its session are one thing seen from the queue and from the API.
/// </summary>
public sealed record SessionJob(string SessionId, string Automation, string Source, string DeliveryId);
