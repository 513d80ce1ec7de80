namespace Automations.Core.Sources;

/// <summary>
/// One name a source sends (a GitHub event, a Sentry resource, a Linear type, a Slack event type) and the
/// actions it comes with, as the provider documents them.
/// </summary>
public sealed record EventCatalogueEntry
{
    /// <summary>As the provider spells it, such as <c>issues</c>, <c>metric_alert</c>, <c>Issue</c>, <c>app_mention</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The documented actions, in order; empty for a name that comes without one (GitHub's <c>push</c>).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>True when the sender chooses the action (GitHub's <c>repository_dispatch</c>): any action is accepted.</summary>
    public bool AnyAction { get; init; }

    /// <summary>Actions the provider's documents name but that arrive spelt otherwise, with what to write instead.</summary>
    public IReadOnlyDictionary<string, string> Renamed { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><paramref name="name"/> with the actions in <paramref name="actions"/>, separated by spaces.</summary>
    public static EventCatalogueEntry Of(string name, string actions = "") =>
        new() { Name = name, Actions = actions.Split(' ', StringSplitOptions.RemoveEmptyEntries) };

    /// <summary><paramref name="name"/>, whose action the sender chooses.</summary>
    public static EventCatalogueEntry OfAnyAction(string name) => new() { Name = name, AnyAction = true };
}
