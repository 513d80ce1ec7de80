using Automations.Core.Ports;
using Automations.Host.Instances;

namespace Automations.Host.Jobs;

/// <summary>
/// The queue and its workers, read from the shared store, so any instance shows the whole cluster: the
/// counts, each instance with the sessions its workers run now, running jobs no instance claims (handed
/// to Service Bus, or held by an instance already pruned), and the dead jobs.
/// </summary>
public sealed record QueueView(
    QueueCounts Counts,
    DateTimeOffset Now,
    IReadOnlyList<QueueView.InstanceRow> Instances,
    IReadOnlyList<QueuedJob> Unclaimed,
    IReadOnlyList<QueuedJob> Dead)
{
    /// <summary>Running jobs and dead jobs read at most.</summary>
    public const int Limit = 200;

    /// <summary>How long the oldest waiting job has been due; null when none waits.</summary>
    public TimeSpan? OldestWait => Counts.OldestDueAt is { } due ? Now - due : null;

    public static async Task<QueueView> LoadAsync(IJobQueue queue, IInstanceRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = await queue.CountAsync(cancellationToken);
        var instances = await registry.ListAsync(cancellationToken);
        var running = await queue.ListRunningAsync(Limit, cancellationToken);
        var dead = await queue.ListDeadAsync(Limit, cancellationToken);
        var now = time.GetUtcNow();
        var rows = instances.Select(i => new InstanceRow(i, ThisInstance.IsGone(i, now), [.. running.Where(j => i.Holds(j.LeaseOwner))])).ToList();
        return new QueueView(counts, now, rows, [.. running.Where(j => !instances.Any(i => i.Holds(j.LeaseOwner)))], dead);
    }

    /// <summary>One instance, whether it has gone silent, and the jobs its workers hold.</summary>
    public sealed record InstanceRow(EngineInstance Instance, bool Gone, IReadOnlyList<QueuedJob> Running);
}
