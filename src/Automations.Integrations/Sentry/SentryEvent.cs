using System.Text.Json;
using System.Text.Json.Serialization;
using Automations.Integrations.Http;

namespace Automations.Integrations.Sentry;

/// <summary>An event of an issue, as <c>GET /issues/{id}/events/latest/</c> gives it.</summary>
public sealed record SentryEvent(
    string? Id,
    [property: JsonPropertyName("eventID")] string? EventId,
    string? Title,
    string? Message,
    string? Platform,
    DateTimeOffset? DateCreated,
    IReadOnlyList<SentryEventEntry>? Entries)
{
    /// <summary>The event's exceptions, oldest (the cause) first, as Sentry orders them; empty when it has none.</summary>
    public IReadOnlyList<SentryException> Exceptions()
    {
        var entry = Entries?.FirstOrDefault(e => string.Equals(e.Type, "exception", StringComparison.Ordinal));
        if (entry is null || entry.Data.ValueKind != JsonValueKind.Object || !entry.Data.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return values.Deserialize<List<SentryException>>(IntegrationJson.CamelCase) ?? [];
    }
}
