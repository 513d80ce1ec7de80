using Automations.Core.Events;

namespace Automations.Core.Ingest;

/// <summary>
/// A part of the engine that learns from deliveries beside the automations they may start: a pull request's
/// CI reaching its session, a push reloading a repository's definitions, a pull request's definition check
/// falling due. <see cref="IngestPipeline"/> calls each one with every verified, normalized delivery, before
/// it is stored, in both hosts; so a crash between the two calls it again on redelivery, and a duplicate
/// calls it again too. An observer is therefore idempotent. A replay does not call it: that happened when the
/// delivery first came in.
/// </summary>
public interface IEventObserver
{
    /// <summary>Takes what the delivery means for this observer. A failure of its own it logs, unless the delivery must be refused for it.</summary>
    Task ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken);
}
