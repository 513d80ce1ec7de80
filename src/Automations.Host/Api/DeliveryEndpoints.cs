using System.Text.Json;
using System.Text.Json.Nodes;
using Automations.Core.Actors;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Api;

/// <summary>
/// <c>/api/deliveries</c>: what came in, refused ones included; one delivery with why each automation
/// matched or missed; and a replay through today's definitions.
/// </summary>
public static class DeliveryEndpoints
{
    private static readonly string[] CredentialWords = ["auth", "token", "key", "secret", "signature", "cookie", "password"];

    public static RouteGroupBuilder MapDeliveries(this RouteGroupBuilder api)
    {
        api.MapGet("/deliveries", ListAsync);
        api.MapGet("/deliveries/refusals", RefusalsAsync);
        api.MapGet("/deliveries/{id}", GetAsync);
        api.MapPost("/deliveries/{id}/replay", ReplayAsync);
        return api;
    }

    /// <summary>Newest first; <c>before</c> takes the last one's <c>cursor</c> for the next page.</summary>
    internal static async Task<IResult> ListAsync(
        IDeliveryStore deliveries, string? source, string? outcome, DateTimeOffset? since, DateTimeOffset? until, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (outcome is not null && !DeliveryStatus.Stored.Contains(outcome))
        {
            return TypedResults.Problem(
                title: "Unknown outcome", detail: $"outcome is one of {string.Join(", ", DeliveryStatus.Stored)}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var query = new DeliveryQuery { Source = source?.ToLowerInvariant(), Outcome = outcome, Since = since, Until = until, Before = before, Limit = Math.Clamp(limit ?? 100, 1, 1000) };
        return TypedResults.Ok(await deliveries.ListAsync(query, cancellationToken));
    }

    internal static async Task<IResult> RefusalsAsync(IDeliveryStore deliveries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deliveries.RefusalCountsAsync(cancellationToken));

    /// <summary>The delivery, its event, why each of today's automations matched or missed it, its sessions, and its raw payload.</summary>
    internal static async Task<IResult> GetAsync(
        IDeliveryStore deliveries, ISessionStore sessions, IDefinitionCatalog definitions, string id, string? source, CancellationToken cancellationToken)
    {
        var (problem, delivery) = await FindAsync(deliveries, id, source, cancellationToken);
        if (delivery is null)
        {
            return problem!;
        }

        var json = JsonSerializer.SerializeToNode(delivery, JsonSerializerOptions.Web)!.AsObject();
        json["headers"] = Shown(delivery.HeadersJson);
        var body = await deliveries.GetBodyAsync(delivery.Source, delivery.DeliveryId, cancellationToken) ?? [];
        json["payload"] = RawPayload(body);
        if (await deliveries.GetEventAsync(delivery.Source, delivery.DeliveryId, cancellationToken) is { } triggerEvent)
        {
            json["event"] = JsonNode.Parse(triggerEvent.ToJson());
            json["automations"] = JsonSerializer.SerializeToNode(Verdicts(definitions, triggerEvent), JsonSerializerOptions.Web);
        }

        var made = new List<Session>();
        foreach (var sessionId in delivery.SessionIds)
        {
            if (await sessions.GetAsync(sessionId, cancellationToken) is { } session)
            {
                made.Add(session);
            }
        }

        json["sessions"] = JsonSerializer.SerializeToNode(made, JsonSerializerOptions.Web);
        return TypedResults.Ok(json);
    }

    /// <summary>The stored event again, through today's definitions, as a new delivery whose <c>replayOf</c> is this one.</summary>
    internal static async Task<IResult> ReplayAsync(
        IDeliveryStore deliveries, IngestPipeline pipeline, HttpContext context, string id, string? source, CancellationToken cancellationToken)
    {
        var (problem, delivery) = await FindAsync(deliveries, id, source, cancellationToken);
        if (delivery is null)
        {
            return problem!;
        }

        var body = await deliveries.GetBodyAsync(delivery.Source, delivery.DeliveryId, cancellationToken) ?? [];
        if (await deliveries.GetEventAsync(delivery.Source, delivery.DeliveryId, cancellationToken) is not { } triggerEvent)
        {
            return TypedResults.Problem(
                title: "Nothing to replay",
                detail: $"Delivery {id} was {delivery.Outcome} ({delivery.Error}): it has no event to run again.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var result = await pipeline.ReplayAsync(triggerEvent, body, delivery.DeliveryId, CancellationToken.None);
        context.RequestServices.GetService<WorkSignal>()?.Notify(result.Sessions.Count);
        return TypedResults.Json(
            new { deliveryId = result.DeliveryId, replayOf = delivery.DeliveryId, outcome = result.Status, reason = result.Reason, matched = result.Matched, sessions = result.Sessions, refused = result.Refused },
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>For each automation of today's definitions: whether it matches the event, and why or why not (what <c>automations test</c> prints).</summary>
    private static IEnumerable<object> Verdicts(IDefinitionCatalog definitions, TriggerEvent triggerEvent)
    {
        var current = definitions.Current;
        foreach (var explanation in current.Explain(triggerEvent))
        {
            var refusal = explanation.Matched && current.Find(explanation.Name) is { } definition && ActorPolicy.Decide(definition, triggerEvent) is { Allowed: false } decision
                ? decision.Reason
                : null;
            yield return new
            {
                name = explanation.Name,
                file = explanation.SourceFile,
                outcome = refusal is not null ? "refused" : explanation.Matched ? "match" : "miss",
                reason = refusal ?? explanation.Reason,
            };
        }
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

    private static async Task<(IResult? Problem, StoredDelivery? Delivery)> FindAsync(IDeliveryStore deliveries, string id, string? source, CancellationToken cancellationToken)
    {
        var found = (await deliveries.FindAsync(id, cancellationToken))
            .Where(d => source is null || d.Source.Equals(source, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return found.Count switch
        {
            1 => (null, found[0]),
            0 => (TypedResults.Problem(title: "Not found", detail: $"No delivery {id}.", statusCode: StatusCodes.Status404NotFound), null),
            _ => (TypedResults.Problem(
                title: "Ambiguous delivery id",
                detail: $"Deliveries of {string.Join(", ", found.Select(d => d.Source))} have the id {id}: add ?source=.",
                statusCode: StatusCodes.Status409Conflict), null),
        };
    }
}
