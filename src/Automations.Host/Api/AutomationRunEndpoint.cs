using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Api;

/// <summary>
/// <c>POST /api/automations/{name}/run</c> (<c>/api/automations/{owner}/{repository}/{name}/run</c> for a connected
/// repository's automation): one run of an automation by hand, whatever its triggers. The
/// event is <c>manual</c>; an optional JSON body is its payload, which instructions read as <c>event.payload</c>.
/// </summary>
public static class AutomationRunEndpoint
{
    public const string Source = "manual";

    public static RouteGroupBuilder MapAutomationRun(this RouteGroupBuilder api)
    {
        api.MapPost("/automations/{name}/run", RunAsync);

        // A connected repository's automation is named by it: POST /api/automations/acme/web/fix/run.
        api.MapPost(
            "/automations/{owner}/{repository}/{name}/run",
            (string owner, string repository, string name, IDefinitionCatalog definitions, IngestPipeline pipeline, TimeProvider time, HttpContext context, JsonElement? payload, CancellationToken cancellationToken) =>
                RunAsync($"{owner}/{repository}/{name}", definitions, pipeline, time, context, payload, cancellationToken));
        return api;
    }

    internal static async Task<IResult> RunAsync(
        string name, IDefinitionCatalog definitions, IngestPipeline pipeline, TimeProvider time, HttpContext context, JsonElement? payload, CancellationToken cancellationToken)
    {
        if (definitions.Current.Find(name) is not { } definition)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No automation {name}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!definition.Enabled)
        {
            return TypedResults.Problem(title: "Disabled", detail: $"{name} is disabled (enabled: false).", statusCode: StatusCodes.Status409Conflict);
        }

        var deliveryId = $"{Source}-{SessionIds.New(time)}";
        var triggerEvent = new TriggerEvent
        {
            Source = Source,
            Kind = Source,
            DeliveryId = deliveryId,
            OccurredAt = time.GetUtcNow(),
            Actor = "api",
            Subject = new EventSubject { Type = Source, Id = deliveryId, Title = name },
            // No body binds as null, or as an undefined element: either way the payload names the automation.
            Payload = payload is { ValueKind: not JsonValueKind.Undefined } given ? given : JsonSerializer.SerializeToElement(new { automation = name }),
        };

        // A run by hand is stored like any delivery, so it can be listed, explained and replayed.
        var result = await pipeline.IngestOwnAsync(triggerEvent, definition, CancellationToken.None);
        context.RequestServices.GetService<WorkSignal>()?.Notify(result.Sessions.Count);
        return TypedResults.Json(
            new { deliveryId = result.DeliveryId, outcome = result.Status, reason = result.Reason, matched = result.Matched, sessions = result.Sessions },
            statusCode: StatusCodes.Status202Accepted);
    }
}
