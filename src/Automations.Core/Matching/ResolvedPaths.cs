using Automations.Core.Events;

namespace Automations.Core.Matching;

/// <summary>
/// The values of each path already resolved in one event, by path text. Many triggers filter on the same few
/// paths (<c>payload.label.name</c>, <c>subject.labels</c>); matching one event against all of them walks the
/// payload once per path instead of once per clause. Good for one event only; not thread-safe.
/// </summary>
internal sealed class ResolvedPaths(TriggerEvent triggerEvent)
{
    private readonly Dictionary<string, IReadOnlyList<EventValue>> _values = new(StringComparer.Ordinal);

    public TriggerEvent Event { get; } = triggerEvent;

    internal IReadOnlyList<EventValue> Resolve(EventPath path)
    {
        if (!_values.TryGetValue(path.Text, out var values))
        {
            _values[path.Text] = values = path.Resolve(Event);
        }

        return values;
    }
}
