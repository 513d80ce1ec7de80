using Automations.Core.Sources.GitHub;
using Automations.Core.Sources.Linear;
using Automations.Core.Sources.Sentry;
using Automations.Core.Sources.Slack;

namespace Automations.Core.Sources;

/// <summary>The catalogue of each source that sends named events (not custom webhooks or schedules).</summary>
public static class EventCatalogues
{
    public static IReadOnlyList<EventCatalogue> All { get; } =
        [GitHubCatalogue.Events, SentryCatalogue.Resources, LinearCatalogue.Types, SlackCatalogue.EventTypes];

    /// <summary>The catalogue of <paramref name="source"/>, or null for a source without one.</summary>
    public static EventCatalogue? Of(string source) => All.FirstOrDefault(c => c.Source == source);
}
