using Automations.Core.Events;
using Automations.Core.Ports;

namespace Automations.Core.Ingest;

/// <summary>
/// An observer whose refusals belong on the delivery's record, beside the automations' own: a comment that
/// would steer a session but whose author may not. <see cref="IngestPipeline"/> adds what
/// <see cref="JudgeAsync"/> answers to the delivery's refused list, so the console's delivery page says why.
/// Like every observer it is called again for a duplicate, and is idempotent.
/// </summary>
public interface IJudgingEventObserver : IEventObserver
{
    /// <summary>Takes what the delivery means for this observer; what it refused, with the reasons (empty when nothing).</summary>
    Task<IReadOnlyList<RefusedMatch>> JudgeAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken);

    async Task IEventObserver.ObserveAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken) => await JudgeAsync(triggerEvent, cancellationToken);
}
