using System.Collections.Concurrent;
using Automations.Core.Ports;

namespace Automations.Agents.Workspaces;

/// <summary>
/// The pushes this process has heard of, kept in memory: one instance alone (SQLite), or one that shares nothing
/// with the others (Functions), knows only the pushes delivered to it, and fetches for the rest.
/// </summary>
public sealed class ProcessBranchPushes : IBranchPushes
{
    private readonly ConcurrentDictionary<BranchPush, long> _last = new();
    private long _mark;

    /// <summary>Never raised: no other instance tells this one of its pushes.</summary>
    public event EventHandler<BranchPushEventArgs>? NotedElsewhere
    {
        add { }
        remove { }
    }

    public Task NoteAsync(BranchPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        // Two notes to one branch at once: the higher number stays, since a fetch that read a mark between them may lack it.
        var number = Interlocked.Increment(ref _mark);
        _last.AddOrUpdate(push, number, (_, noted) => Math.Max(noted, number));
        return Task.CompletedTask;
    }

    public Task<long?> LastAsync(BranchPush push, CancellationToken cancellationToken) =>
        Task.FromResult(_last.TryGetValue(push, out var number) ? number : (long?)null);

    public Task<long> MarkAsync(CancellationToken cancellationToken) => Task.FromResult(Interlocked.Read(ref _mark));
}
