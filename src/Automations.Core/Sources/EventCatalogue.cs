using System.Collections.Frozen;

namespace Automations.Core.Sources;

/// <summary>
/// What one source sends, from its provider's documentation: every name with its actions. Definitions are
/// checked against it, and the definitions' JSON Schema and reference list it. Names and actions are exact:
/// the provider's own spelling, letter case included.
/// </summary>
public sealed class EventCatalogue
{
    private readonly FrozenDictionary<string, EventCatalogueEntry> _byName;

    public EventCatalogue(string source, string provider, string noun, IEnumerable<EventCatalogueEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Source = source;
        Provider = provider;
        Noun = noun;
        Entries = [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
        _byName = Entries.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The source as definitions name it: <c>github</c>, <c>sentry</c>, <c>linear</c>, <c>slack</c>.</summary>
    public string Source { get; }

    /// <summary>The provider's name for people: GitHub, Sentry, Linear, Slack.</summary>
    public string Provider { get; }

    /// <summary>What the provider calls a name: event, resource, type, event type.</summary>
    public string Noun { get; }

    /// <summary>Every name, in ordinal order.</summary>
    public IReadOnlyList<EventCatalogueEntry> Entries { get; }

    /// <summary>How many names and actions the catalogue holds (names without actions count once).</summary>
    public int Count => Entries.Sum(e => Math.Max(1, e.Actions.Count));

    /// <summary>The entry spelt exactly <paramref name="name"/>, or null.</summary>
    public EventCatalogueEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Every name and every <c>name.action</c> a trigger may write, in order: what the schema enumerates.</summary>
    public IEnumerable<string> Kinds() =>
        Entries.SelectMany(e => e.Actions.Count == 0 ? [e.Name] : (IEnumerable<string>)[e.Name, .. e.Actions.Select(a => $"{e.Name}.{a}")]);
}
