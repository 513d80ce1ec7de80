using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.Sentry;

/// <summary>
/// Reads the subject and the time of a Sentry delivery from its payload, by resource. Best effort:
/// missing or oddly typed fields give nulls, and a resource not named here still gets a subject.
/// </summary>
internal static class SentryPayload
{
    /// <summary>The subject type of a Sentry issue, whichever resource brought it.</summary>
    public const string IssueType = "sentry_issue";

    public static EventSubject Subject(string resource, string action, JsonElement data) => resource switch
    {
        SentryResources.Issue => Issue(data.Child("issue")),
        SentryResources.EventAlert => Event(data.Child("event")),
        SentryResources.Error => Event(data.Child("error")),
        SentryResources.Comment => new EventSubject { Type = IssueType, Id = data.Child("issue_id").AsIdText() },
        SentryResources.MetricAlert => MetricAlert(action, data),
        SentryResources.Installation => Installation(data.Child("installation")),
        _ => Generic(resource, data),
    };

    /// <summary>
    /// When it happened, from the payload, or null: an issue's first sighting when it is created (other
    /// issue actions carry no time of their own: <c>lastSeen</c> is the last event, not the resolve);
    /// an event's time; a metric alert's close or detection; a comment's timestamp.
    /// </summary>
    public static DateTimeOffset? OccurredAt(string resource, string action, JsonElement data) => resource switch
    {
        SentryResources.Issue when action == "created" => data.At("issue", "firstSeen").AsTimestamp(),
        SentryResources.EventAlert => EventTime(data.Child("event")),
        SentryResources.Error => EventTime(data.Child("error")),
        SentryResources.MetricAlert =>
            (action == "resolved" ? data.At("metric_alert", "date_closed").AsTimestamp() : null)
            ?? data.At("metric_alert", "date_detected").AsTimestamp()
            ?? data.At("metric_alert", "date_started").AsTimestamp(),
        SentryResources.Comment => data.Child("timestamp").AsTimestamp(),
        SentryResources.Installation => data.At("installation", "date_created").AsTimestamp(),
        _ => null,
    };

    /// <summary>An issue: its status as the state, its level (<c>error</c>, <c>fatal</c>, <c>warning</c>, ...) as the severity.</summary>
    private static EventSubject Issue(JsonElement issue) => new()
    {
        Type = IssueType,
        Id = issue.Child("id").AsIdText(),
        Title = issue.Child("title").AsString(),
        Url = issue.Child("web_url").AsString() ?? issue.Child("permalink").AsString(),
        State = issue.Child("status").AsString(),
        Severity = issue.Child("level").AsString(),
    };

    /// <summary>An event (<c>event_alert</c>, <c>error</c>) seen as the issue it belongs to; it has no status of its own.</summary>
    private static EventSubject Event(JsonElement sentryEvent) => new()
    {
        Type = IssueType,
        Id = sentryEvent.Child("issue_id").AsIdText(),
        Title = sentryEvent.Child("title").AsString(),
        Url = sentryEvent.Child("web_url").AsString(),
        Severity = sentryEvent.Child("level").AsString(),
    };

    /// <summary>A metric alert: its state is the action; <c>critical</c> and <c>warning</c> are its severity too.</summary>
    private static EventSubject MetricAlert(string action, JsonElement data)
    {
        var alert = data.Child("metric_alert");
        return new EventSubject
        {
            Type = SentryResources.MetricAlert,
            Id = alert.Child("id").AsIdText(),
            Title = data.Child("description_title").AsString()
                ?? alert.At("alert_rule", "name").AsString()
                ?? alert.Child("title").AsString(),
            Url = data.Child("web_url").AsString(),
            State = action,
            Severity = action is "critical" or "warning" ? action : null,
        };
    }

    private static EventSubject Installation(JsonElement installation) => new()
    {
        Type = SentryResources.Installation,
        Id = installation.Child("uuid").AsString(),
        Title = installation.At("app", "slug").AsString(),
        State = installation.Child("status").AsString(),
    };

    /// <summary>Any other resource: <c>data.&lt;resource&gt;</c> when there is one, else <c>data</c>.</summary>
    private static EventSubject Generic(string resource, JsonElement data)
    {
        var item = data.Child(resource);
        if (!item.IsObject())
        {
            item = data;
        }

        return new EventSubject
        {
            Type = resource,
            Id = item.Child("id").AsIdText(),
            Title = item.Child("title").AsString() ?? item.Child("name").AsString(),
            Url = item.Child("web_url").AsString(),
            State = item.Child("status").AsString(),
        };
    }

    /// <summary>An event's <c>datetime</c>, else its <c>timestamp</c> in seconds since the epoch.</summary>
    private static DateTimeOffset? EventTime(JsonElement sentryEvent)
    {
        if (sentryEvent.Child("datetime").AsTimestamp() is { } datetime)
        {
            return datetime;
        }

        var timestamp = sentryEvent.Child("timestamp");
        return timestamp.ValueKind == JsonValueKind.Number && timestamp.TryGetDouble(out var seconds)
            && seconds is > 0 and < 253_402_300_799
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000))
            : null;
    }
}
