using Automations.Core.Ports;
using Automations.Host.Deliveries;

namespace Automations.Host.Api;

/// <summary>
/// <c>/api/deliveries</c>: what came in, refused ones included; one delivery with why each automation
/// matched or missed; and a replay through today's definitions.
/// </summary>
public static class DeliveryEndpoints
{
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
        DeliveryReplay replay, IDeliveryStore deliveries, ISessionStore sessions, IDefinitionCatalog definitions, string id, string? source, CancellationToken cancellationToken)
    {
        var (problem, delivery) = await replay.FindAsync(id, source, cancellationToken);
        return delivery is null
            ? SessionEndpoints.Map(problem!)
            : TypedResults.Ok((await DeliveryDetail.LoadAsync(delivery, deliveries, sessions, definitions, cancellationToken)).ToJson());
    }

    /// <summary>The stored event again, through today's definitions, as a new delivery whose <c>replayOf</c> is this one.</summary>
    internal static async Task<IResult> ReplayAsync(DeliveryReplay replay, string id, string? source, CancellationToken cancellationToken) =>
        SessionEndpoints.Map(await replay.ReplayAsync(id, source, cancellationToken));
}
