namespace Automations.Core.Ports;

/// <summary>
/// The pushes to repositories' branches the engine has heard of, numbered in the order they were noted: by this
/// process alone, or, on a store that several instances share, by all of them, so that a push delivered to one
/// instance is known to every other at its next look. A provider tells of a push once it is on the remote, so a
/// fetch begun after a push was noted brings it: a fetch keeps the <see cref="MarkAsync"/> it read before it began,
/// and a branch whose <see cref="LastAsync"/> is above that mark may be behind (README, design: "When a new
/// workspace fetches").
/// </summary>
public interface IBranchPushes
{
    /// <summary>
    /// Another instance noted a push. Raised as the notice is heard, to fetch ahead of the next session; a notice
    /// lost on the way is never raised, and costs that session a fetch of its own, never a stale base.
    /// </summary>
    event EventHandler<BranchPushEventArgs>? NotedElsewhere;

    /// <summary>Notes a push to <paramref name="push"/>'s branch; when the task ends, every instance's next look sees it.</summary>
    Task NoteAsync(BranchPush push, CancellationToken cancellationToken);

    /// <summary>The number of the last push noted to <paramref name="push"/>'s branch; null when none was.</summary>
    Task<long?> LastAsync(BranchPush push, CancellationToken cancellationToken);

    /// <summary>The highest number given so far, to any push: a fetch begun after this is read brings every push up to it.</summary>
    Task<long> MarkAsync(CancellationToken cancellationToken);
}
