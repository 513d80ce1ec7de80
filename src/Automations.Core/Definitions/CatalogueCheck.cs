using Automations.Core.Sources;
using Automations.Core.Sources.Slack;

namespace Automations.Core.Definitions;

/// <summary>
/// Whether a trigger names what its source sends (<see cref="EventCatalogue"/>): an unknown name or action is a
/// problem, with the closest documented spelling when one is close.
/// </summary>
internal static class CatalogueCheck
{
    /// <summary>Lists of names longer than this are not spelt out in a message.</summary>
    private const int MaxListed = 25;

    /// <summary>
    /// Null when <paramref name="written"/> (<c>name</c> or <c>name.action</c>, as after <c>event:</c>) is in the
    /// catalogue; otherwise why not.
    /// </summary>
    public static string? Event(EventCatalogue catalogue, string written)
    {
        if (catalogue.Source == SlackCatalogue.EventTypes.Source && SlackCatalogue.Subscriptions.Contains(written, StringComparer.Ordinal))
        {
            return $"'{written}' is the name of a Slack subscription; its events arrive as 'message': write event: message "
                + "and filter on payload.event.channel_type";
        }

        var dot = written.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? written : written[..dot];
        var action = dot < 0 ? null : written[(dot + 1)..];
        if (catalogue.Source == SlackCatalogue.EventTypes.Source && action is not null)
        {
            return $"'{written}' is not a Slack event type: event types have no '.', such as app_mention";
        }

        return Check(catalogue, name, action, written: a => a is null ? name : $"{name}.{a}");
    }

    /// <summary>Null when Sentry's <paramref name="resource"/> is in the catalogue; otherwise why not.</summary>
    public static string? Resource(EventCatalogue catalogue, string resource) =>
        Check(catalogue, resource, action: null, written: _ => resource);

    /// <summary>Null when <paramref name="action"/> is one of the known <paramref name="resource"/>'s; otherwise why not.</summary>
    public static string? Action(EventCatalogue catalogue, string resource, string action) =>
        catalogue.Find(resource) is null ? null : Check(catalogue, resource, action, written: a => a ?? resource);

    private static string? Check(EventCatalogue catalogue, string name, string? action, Func<string?, string> written)
    {
        var what = $"{catalogue.Provider} {catalogue.Noun}";
        if (catalogue.Find(name) is not { } entry)
        {
            var closest = Suggestions.Closest(name, catalogue.Entries.Select(e => e.Name));
            if (closest is null)
            {
                var names = catalogue.Entries.Select(e => e.Name).ToList();
                return names.Count <= MaxListed
                    ? $"unknown {what} '{name}'; {catalogue.Provider}'s are {string.Join(", ", names)}"
                    : $"unknown {what} '{name}'; every {what} is listed in the definitions reference (docs/definitions.md)";
            }

            var suggested = action is null || Accepts(catalogue.Find(closest)!, action) ? action : Suggestions.Closest(action, catalogue.Find(closest)!.Actions);
            return $"unknown {what} '{name}' (did you mean '{(suggested is null ? closest : $"{closest}.{suggested}")}'?)";
        }

        if (action is null || entry.AnyAction || entry.Actions.Contains(action, StringComparer.Ordinal))
        {
            return null;
        }

        if (entry.Actions.Count == 0)
        {
            return $"{catalogue.Provider}'s '{name}' {catalogue.Noun} comes without an action: write '{name}'";
        }

        if (entry.Renamed.TryGetValue(action, out var renamed))
        {
            return $"{catalogue.Provider} sends '{name}' '{action}' as '{renamed}': write '{written(renamed)}'";
        }

        var suggestion = Suggestions.Closest(action, entry.Actions);
        return $"unknown action '{action}' of {what} '{name}'{(suggestion is null ? "" : $" (did you mean '{written(suggestion)}'?)")}; "
            + $"its actions are {string.Join(", ", entry.Actions)}";
    }

    private static bool Accepts(EventCatalogueEntry entry, string action) =>
        entry.AnyAction || entry.Actions.Contains(action, StringComparer.Ordinal);
}
