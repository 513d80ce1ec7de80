using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Actors;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Deliveries;

/// <summary>
/// One delivery as <c>GET /api/deliveries/{id}</c> and the console's delivery page show it: the stored
/// delivery, its headers with credentials withheld, its raw payload, its normalized event, why each of
/// today's automations matched or missed it, and the sessions it started.
/// </summary>
public sealed record DeliveryDetail(
    StoredDelivery Delivery, JsonObject Headers, JsonNode? Payload, TriggerEvent? Event, IReadOnlyList<DeliveryVerdict> Verdicts, IReadOnlyList<Session> Sessions)
{
    /// <summary>Why the stored body could not be read (a damaged row): the delivery is shown without it; null when it was read.</summary>
    public string? BodyError { get; init; }

    private static readonly string[] CredentialWords = ["auth", "token", "key", "secret", "signature", "cookie", "password"];

    public static async Task<DeliveryDetail> LoadAsync(
        StoredDelivery delivery, IDeliveryStore deliveries, ISessionStore sessions, IDefinitionCatalog definitions, CancellationToken cancellationToken)
    {
        var (body, triggerEvent, bodyError) = await StoredAsync(delivery, deliveries, cancellationToken);
        var made = new List<Session>();
        foreach (var sessionId in delivery.SessionIds)
        {
            if (await sessions.GetAsync(sessionId, cancellationToken) is { } session)
            {
                made.Add(session);
            }
        }

        return new DeliveryDetail(delivery, Shown(delivery.HeadersJson), RawPayload(body), triggerEvent, triggerEvent is null ? [] : Explain(definitions, triggerEvent), made)
        {
            BodyError = bodyError,
        };
    }

    /// <summary>
    /// The stored body and the event made of it; with what went wrong instead when the body cannot be read back
    /// (its block damaged on disk): the rest of the delivery is still worth showing.
    /// </summary>
    public static async Task<(byte[] Body, TriggerEvent? Event, string? Error)> StoredAsync(StoredDelivery delivery, IDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(deliveries);
        try
        {
            // The event is its envelope (read with the delivery) and this body: the body is read and unpacked once.
            var body = await deliveries.GetBodyAsync(delivery.Source, delivery.DeliveryId, cancellationToken) ?? [];
            return (body, delivery.EventJson is { } envelope ? TriggerEvent.FromEnvelope(envelope, body) : null, null);
        }
        catch (InvalidDataException ex)
        {
            return ([], null, $"its stored body cannot be read ({ex.Message})");
        }
    }

    /// <summary>The API's answer: the delivery's own fields, then the rest.</summary>
    public JsonObject ToJson()
    {
        var json = JsonSerializer.SerializeToNode(Delivery, JsonSerializerOptions.Web)!.AsObject();
        json["headers"] = Headers.DeepClone();
        json["payload"] = Payload?.DeepClone();
        if (Event is not null)
        {
            json["event"] = JsonNode.Parse(Event.ToJson());
            json["automations"] = JsonSerializer.SerializeToNode(Verdicts, JsonSerializerOptions.Web);
        }

        json["sessions"] = JsonSerializer.SerializeToNode(Sessions, JsonSerializerOptions.Web);
        if (BodyError is not null)
        {
            json["bodyError"] = BodyError;
        }

        return json;
    }

    /// <summary>For each automation of today's definitions: whether it matches the event, and why or why not (what <c>automations test</c> prints).</summary>
    public static IReadOnlyList<DeliveryVerdict> Explain(IDefinitionCatalog definitions, TriggerEvent triggerEvent)
    {
        var current = definitions.Current;
        return [.. current.Explain(triggerEvent).Select(explanation =>
        {
            var refusal = explanation.Matched && current.Find(explanation.Name) is { } definition && ActorPolicy.Decide(definition, triggerEvent) is { Allowed: false } decision
                ? decision.Reason
                : null;
            return new DeliveryVerdict(explanation.Name, explanation.SourceFile, refusal is not null ? "refused" : explanation.Matched ? "match" : "miss", refusal ?? explanation.Reason);
        })];
    }

    /// <summary>
    /// The stored headers, with the value of any whose name says it holds a credential withheld: a sender
    /// of a custom webhook may add its own token header, which the store keeps as it came.
    /// </summary>
    private static JsonObject Shown(string headersJson)
    {
        var shown = new JsonObject();
        foreach (var (name, value) in JsonNode.Parse(headersJson)?.AsObject() ?? [])
        {
            var secret = CredentialWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
            shown[name] = secret ? "(withheld)" : value?.DeepClone();
        }

        return shown;
    }

    private static JsonNode? RawPayload(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Kept as it came (a rejected delivery): shown as text, invalid bytes replaced.
            return JsonValue.Create(System.Text.Encoding.UTF8.GetString(body));
        }
    }
}
