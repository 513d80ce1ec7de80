using System.Security.Cryptography;
using System.Text.Json;

namespace Automations.Core.Sources.Sentry;

/// <summary>
/// Sentry's deliveries carry no idempotency key: <c>Request-ID</c> is new on every send, a retry
/// included. The key is built from the delivery's own identifiers instead, the same on every resend of
/// one delivery and different between genuinely different ones:
/// <c>&lt;resource&gt;:&lt;action&gt;:&lt;id&gt;[:&lt;discriminator&gt;...]</c>.
/// <list type="bullet">
/// <item><c>issue</c>: <c>created</c> happens once per issue, so the issue id alone (a resend rebuilt after
/// more events keeps it); any other action adds its <c>lastSeen</c> (and <c>assigned</c> the assignee), so an
/// issue resolved, reopened by a new event and resolved again gives two keys.</item>
/// <item><c>event_alert</c>: the issue id, the event's <c>event_id</c> and the rule that fired (two rules
/// firing on one event are two deliveries).</item>
/// <item><c>error</c>: the issue id and the event's <c>event_id</c>.</item>
/// <item><c>metric_alert</c>: the alert (incident) id and its close time for <c>resolved</c>, else its detection time.</item>
/// <item><c>comment</c>: the issue id, the comment id and the comment's <c>timestamp</c> (each edit is new).</item>
/// <item><c>installation</c>: the installation's uuid.</item>
/// </list>
/// Any other resource, or one whose id is missing, falls back to <c>&lt;resource&gt;:&lt;action&gt;:sha256:</c>
/// and the first 32 hex digits of the body's SHA-256, which keeps a byte-identical resend a duplicate.
/// Known limit: an issue resolved, unresolved by hand and resolved again with no new event in between
/// has the same <c>lastSeen</c>, so the second <c>resolved</c> reads as a duplicate.
/// </summary>
internal static class SentryDeliveryIds
{
    private const char Separator = ':';

    public static string For(string resource, string action, JsonElement data, ReadOnlySpan<byte> body)
    {
        string?[] parts = resource switch
        {
            SentryResources.Issue => Issue(action, data.Child("issue")),
            SentryResources.EventAlert =>
            [
                data.At("event", "issue_id").AsIdText(),
                data.At("event", "event_id").AsString(),
                data.Child("triggered_rule").AsString() ?? data.At("issue_alert", "title").AsString(),
            ],
            SentryResources.Error => [data.At("error", "issue_id").AsIdText(), data.At("error", "event_id").AsString()],
            SentryResources.MetricAlert =>
            [
                data.At("metric_alert", "id").AsIdText(),
                (action == "resolved" ? data.At("metric_alert", "date_closed").AsString() : null)
                    ?? data.At("metric_alert", "date_detected").AsString()
                    ?? data.At("metric_alert", "date_started").AsString(),
            ],
            SentryResources.Comment =>
            [
                data.Child("issue_id").AsIdText(),
                data.Child("comment_id").AsIdText(),
                data.Child("timestamp").AsString(),
            ],
            SentryResources.Installation => [data.At("installation", "uuid").AsString()],
            _ => [],
        };

        var prefix = string.Concat(resource, Separator.ToString(), action);
        if (parts.Length == 0 || parts[0] is null)
        {
            return $"{prefix}{Separator}sha256{Separator}{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}";
        }

        return string.Join(Separator, parts.Where(part => part is not null).Prepend(prefix));
    }

    private static string?[] Issue(string action, JsonElement issue)
    {
        var id = issue.Child("id").AsIdText();
        if (action == "created")
        {
            return [id];
        }

        var lastSeen = issue.Child("lastSeen").AsString();
        if (action != "assigned")
        {
            return [id, lastSeen];
        }

        var assignee = issue.Child("assignedTo");
        var who = assignee.Child("id").AsIdText() ?? assignee.Child("email").AsString() ?? assignee.Child("name").AsString() ?? "nobody";
        return [id, who, lastSeen];
    }
}
