using Automations.Core.Sessions;

namespace Automations.Core.Ports;

public sealed record QueueCounts(int Available, int Leased, int Dead)
{
    /// <summary>Since when the longest-waiting available job has been due; null when none is.</summary>
    public DateTimeOffset? OldestDueAt { get; init; }
}
