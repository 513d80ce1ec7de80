using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>The answer to a delivery: its sessions, and whether it had been stored before.</summary>
public sealed record RecordResult(bool Duplicate, IReadOnlyList<string> Matched, IReadOnlyList<string> SessionIds)
{
    /// <summary>The new sessions recorded as skipped, without a job: their concurrency key was held.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}
