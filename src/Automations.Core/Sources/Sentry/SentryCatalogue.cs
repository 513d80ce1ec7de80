namespace Automations.Core.Sources.Sentry;

/// <summary>
/// Sentry's integration-platform webhook resources (<c>Sentry-Hook-Resource</c>) and their actions, from Sentry's
/// "Webhooks" documentation. An issue set aside is documented as <c>archived</c> and arrives as <c>archived</c>
/// (<see cref="SentryActions"/>), so <c>ignored</c> is refused with that advice.
/// </summary>
public static class SentryCatalogue
{
    public static EventCatalogue Resources { get; } = new("sentry", "Sentry", "resource",
    [
        EventCatalogueEntry.Of(SentryResources.Installation, "created deleted"),
        EventCatalogueEntry.Of(SentryResources.Issue, "created resolved assigned archived unresolved") with
        {
            Renamed = new Dictionary<string, string>(StringComparer.Ordinal) { [SentryActions.Ignored] = SentryActions.Archived },
        },
        EventCatalogueEntry.Of(SentryResources.Error, "created"),
        EventCatalogueEntry.Of(SentryResources.Comment, "created updated deleted"),
        EventCatalogueEntry.Of(SentryResources.EventAlert, "triggered"),
        EventCatalogueEntry.Of(SentryResources.MetricAlert, "critical warning resolved"),
        EventCatalogueEntry.Of("activity_alert", "triggered"),
        EventCatalogueEntry.Of("seer", "root_cause_started root_cause_completed solution_started solution_completed coding_started coding_completed pr_created"),
        EventCatalogueEntry.Of("preprod_artifact", "size_analysis_completed build_distribution_completed"),
    ]);
}
