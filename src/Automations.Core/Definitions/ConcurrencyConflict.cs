namespace Automations.Core.Definitions;

/// <summary>What happens to an event whose concurrency group is full (<c>concurrency.on_conflict</c>).</summary>
public enum ConcurrencyConflict
{
    /// <summary>No session starts for the event (the default).</summary>
    Skip,

    /// <summary>The session waits until a session of its group ends.</summary>
    Queue,
}
