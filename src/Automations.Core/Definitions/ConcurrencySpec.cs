namespace Automations.Core.Definitions;

/// <summary>
/// <c>concurrency:</c> in a definition: how many of the automation's sessions may run at once. Sessions
/// whose <see cref="Key"/> renders the same text form one group; groups are per automation.
/// </summary>
public sealed record ConcurrencySpec
{
    /// <summary>
    /// A template over the event, such as <c>{{ event.subject.id }}</c>; null puts every session of the
    /// automation in one group. Render it with <see cref="DefinitionRendering.ConcurrencyKey"/>.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>How many sessions of one group may run at once, at least 1; null when not written (the engine's default).</summary>
    public int? Max { get; init; }

    /// <summary>What happens to an event whose group is full. Default <see cref="ConcurrencyConflict.Skip"/>.</summary>
    public ConcurrencyConflict OnConflict { get; init; } = ConcurrencyConflict.Skip;
}
