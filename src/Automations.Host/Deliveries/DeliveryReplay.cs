using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Host.Sessions;

namespace Automations.Host.Deliveries;

/// <summary>
/// Finding a delivery by its id (and source, where two sources share an id), and replaying it through
/// today's definitions: what <c>/api/deliveries</c> and the console's delivery page both do.
/// </summary>
public sealed class DeliveryReplay(IDeliveryStore deliveries, IngestPipeline pipeline, WorkSignal signal)
{
    /// <summary>The one delivery with <paramref name="id"/> (of <paramref name="source"/>, if given), or a 404 or 409 that says why not.</summary>
    public async Task<(SessionCommandResult? Problem, StoredDelivery? Delivery)> FindAsync(string id, string? source, CancellationToken cancellationToken)
    {
        var found = (await deliveries.FindAsync(id, cancellationToken))
            .Where(d => source is null || d.Source.Equals(source, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return found.Count switch
        {
            1 => (null, found[0]),
            0 => (new SessionCommandResult(StatusCodes.Status404NotFound, $"No delivery {id}{(source is null ? string.Empty : $" of {source}")}."), null),
            _ => (SessionCommandResult.Conflict($"Deliveries of {string.Join(", ", found.Select(d => d.Source))} have the id {id}: add ?source=."), null),
        };
    }

    /// <summary>The stored event again, through today's definitions, as a new delivery whose <c>replayOf</c> is this one.</summary>
    public async Task<SessionCommandResult> ReplayAsync(string id, string? source, CancellationToken cancellationToken)
    {
        var (problem, delivery) = await FindAsync(id, source, cancellationToken);
        if (delivery is null)
        {
            return problem!;
        }

        var (body, stored, bodyError) = await DeliveryDetail.StoredAsync(delivery, deliveries, cancellationToken);
        if (bodyError is not null)
        {
            return SessionCommandResult.Conflict($"Delivery {id} cannot be run again: {bodyError}.");
        }

        if (stored is not { } triggerEvent)
        {
            return SessionCommandResult.Conflict($"Delivery {id} was {delivery.Outcome} ({delivery.Error}): it has no event to run again.");
        }

        // Not the caller's token: once the replay starts, it is recorded whole, whether or not the caller waits.
        var result = await pipeline.ReplayAsync(triggerEvent, body, delivery.DeliveryId, CancellationToken.None);
        signal.Notify(result.Sessions.Count);
        return new SessionCommandResult(
            StatusCodes.Status202Accepted,
            Body: new Replayed(result.DeliveryId, delivery.Source, delivery.DeliveryId, result.Status, result.Reason, result.Matched, result.Sessions, result.Refused));
    }

    /// <summary>The answer of a replay: the new delivery, and what it started.</summary>
    public sealed record Replayed(
        string? DeliveryId, string Source, string ReplayOf, string Outcome, string? Reason, IReadOnlyList<string> Matched, IReadOnlyList<string> Sessions, IReadOnlyList<RefusedMatch> Refused);
}
