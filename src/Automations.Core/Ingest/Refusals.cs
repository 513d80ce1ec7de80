using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sources;

namespace Automations.Core.Ingest;

/// <summary>
/// A delivery turned away at the door, as it is recorded: the source, the reason and the headers that
/// say what it was and where it came from. Never its body (nobody vouched for it), never a signature,
/// key or cookie: only the headers named here are kept, each cut short.
/// </summary>
public static class Refusals
{
    private const int MaxHeaderChars = 200;

    private static readonly string[] KeptHeaders =
    [
        "User-Agent", "Content-Type", "Content-Length", "X-Forwarded-For",
        "X-GitHub-Event", "X-GitHub-Delivery", "X-GitHub-Hook-ID",
        "Sentry-Hook-Resource", "Sentry-Hook-Timestamp", "Request-ID",
        "Linear-Delivery", "Linear-Event",
        "X-Slack-Request-Timestamp", "X-Slack-Retry-Num",
        "webhook-id", "webhook-timestamp",
    ];

    /// <summary>The record of a refusal; its id is new (the delivery's own id is unverified), so each refusal is a row.</summary>
    public static DeliveryRecord Record(WebhookRequest request, string reason, TimeProvider time) => new()
    {
        Source = request.Source,
        DeliveryId = "refused-" + SessionIds.New(time),
        ReceivedAt = time.GetUtcNow(),
        Status = DeliveryStatus.Refused,
        Kind = request.Endpoint is { } endpoint ? $"webhook.{Cut(endpoint)}" : null,
        Error = reason,
        HeadersJson = JsonSerializer.Serialize(KeptHeaders
            .Where(request.Headers.ContainsKey)
            .ToDictionary(name => name, name => Cut(request.Headers[name]), StringComparer.OrdinalIgnoreCase)),
        Body = ReadOnlyMemory<byte>.Empty,
    };

    private static string Cut(string value) => value.Length <= MaxHeaderChars ? value : value[..MaxHeaderChars] + "…";
}
