using Automations.Core.Events;

namespace Automations.Core.Matching;

/// <summary>
/// A compiled <c>where:</c> block. Placeholder shape: the definitions work replaces its body with the
/// full set of conditions (equality, any-of, glob, regex, not, exists).
/// </summary>
public abstract class WhereFilter
{
    /// <summary>The filter of a trigger with no <c>where</c>.</summary>
    public static WhereFilter Always { get; } = new AlwaysFilter();

    /// <summary>True when the event passes every condition.</summary>
    public abstract bool Matches(TriggerEvent triggerEvent);

    private sealed class AlwaysFilter : WhereFilter
    {
        public override bool Matches(TriggerEvent triggerEvent) => true;
    }
}
