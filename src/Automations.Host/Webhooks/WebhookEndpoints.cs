using Automations.Core.Ingest;
using Automations.Core.Sources;
using Automations.Core.Sources.Custom;
using Automations.Host.Configuration;
using Automations.Host.Definitions;
using Microsoft.Extensions.Options;

namespace Automations.Host.Webhooks;

/// <summary><c>POST /webhooks/{source}</c>: read the raw body under its cap, hand it to the pipeline, map the outcome.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        // A delivery is verified by its signature: it skips the console's sign-in, authorization and antiforgery,
        // which run for every request that goes on down the pipeline (and cost each delivery about 4 µs).
        app.MapPost("/webhooks/{source}", ReceiveAsync).WithName("webhook").ShortCircuit();
        app.MapPost("/webhooks/custom/{endpoint}", ReceiveCustomAsync).WithName("custom-webhook").ShortCircuit();
        return app;
    }

    internal static Task<IResult> ReceiveAsync(string source, HttpContext context, IOptions<AutomationsOptions> options, CancellationToken cancellationToken) =>
        source.Equals(CustomWebhookSource.SourceName, StringComparison.OrdinalIgnoreCase)
            ? Task.FromResult<IResult>(Problem(StatusCodes.Status404NotFound, "Unknown source", "custom webhooks are posted to /webhooks/custom/{endpoint}", "refused"))
            : ReadAsync(source.ToLowerInvariant(), endpoint: null, context, options, cancellationToken);

    internal static Task<IResult> ReceiveCustomAsync(string endpoint, HttpContext context, IOptions<AutomationsOptions> options, CancellationToken cancellationToken) =>
        ReadAsync(CustomWebhookSource.SourceName, endpoint, context, options, cancellationToken);

    private static async Task<IResult> ReadAsync(string source, string? endpoint, HttpContext context, IOptions<AutomationsOptions> options, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));

        // A null array converts to an empty body, not to none: the cap's refusal must stay a null.
        var read = await RequestBody.ReadAsync(context, options.Value.Ingest.MaxBodyBytes, cancellationToken);
        var body = read is null ? default(ReadOnlyMemory<byte>?) : read.AsMemory();
        return await HandleAsync(source, endpoint, headers, body, context.Features.Get<IngestedJobs>(), context.RequestServices);
    }

    /// <summary>
    /// The webhook step for a request already read: <paramref name="read"/> is null when the reading stopped at the
    /// cap, and a body read whole past it is refused the same way. The Functions handler calls it directly, with the
    /// invocation's body, since a delivery needs neither routing nor the console's sign-in.
    /// </summary>
    internal static async Task<IResult> HandleAsync(
        string source, string? endpoint, IEnumerable<KeyValuePair<string, string>> rawHeaders, ReadOnlyMemory<byte>? read, IngestedJobs? ingested, IServiceProvider services)
    {
        var pipeline = services.GetRequiredService<IngestPipeline>();
        var metrics = services.GetRequiredService<WebhookMetrics>();
        var maxBytes = services.GetRequiredService<IOptions<AutomationsOptions>>().Value.Ingest.MaxBodyBytes;
        var headers = WebhookRequest.HeadersOf(rawHeaders);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Automations.Webhooks");
        if (read is not { } body || body.Length > maxBytes)
        {
            metrics.Rejected(source, "too_large");
            var tooLarge = $"the body is over {maxBytes} bytes";
            await pipeline.RefuseAsync(new WebhookRequest(source, headers, ReadOnlyMemory<byte>.Empty) { Endpoint = endpoint }, IngestOutcome.Unauthorized, tooLarge, CancellationToken.None);
            WebhookLog.Refused(logger, source, "refused", tooLarge);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over {maxBytes} bytes.", outcome: "refused");
        }

        // Once the pipeline has the delivery, a client that hangs up must not stop its commit half-way.
        var result = await pipeline.IngestAsync(new WebhookRequest(source, headers, body) { Endpoint = endpoint, HandOver = ingested?.HandOver }, CancellationToken.None);
        metrics.Received(source, result.Outcome);
        if (result.DeliveryId is { } id)
        {
            WebhookLog.Delivered(logger, source, id, result.Status, result.Reason ?? "");
        }
        else
        {
            WebhookLog.Refused(logger, source, result.Status, result.Unrecorded ? $"{result.Reason} (not recorded: the store failed)" : result.Reason ?? "");
        }

        if (result.Outcome == IngestOutcome.Accepted)
        {
            services.GetService<Automations.Core.Sessions.WorkSignal>()?.Notify(result.Sessions.Count);
            ingested?.Add(result.Jobs);
        }

        return result.Outcome switch
        {
            IngestOutcome.Accepted => TypedResults.Json(Answer(result, duplicate: false), statusCode: StatusCodes.Status202Accepted),
            IngestOutcome.Duplicate => TypedResults.Json(Answer(result, duplicate: true), statusCode: StatusCodes.Status200OK),
            IngestOutcome.Ignored => TypedResults.Json(new { deliveryId = result.DeliveryId, outcome = result.Status, reason = result.Reason, duplicate = false, ignored = true, matched = Array.Empty<string>(), sessions = Array.Empty<string>() }),
            IngestOutcome.Challenge => TypedResults.Json(new { challenge = result.Challenge }),
            IngestOutcome.Malformed => Problem(StatusCodes.Status400BadRequest, "Malformed delivery", $"{result.Reason}. The delivery was kept as {result.DeliveryId}.", result.Status, result.DeliveryId),
            IngestOutcome.Unauthorized => Problem(StatusCodes.Status401Unauthorized, "Signature verification failed", result.Reason, result.Status),
            IngestOutcome.UnknownSource => Problem(StatusCodes.Status404NotFound, "Unknown source", result.Reason, result.Status),
            _ => throw new InvalidOperationException($"Unmapped ingest outcome {result.Outcome}."),
        };
    }

    private static object Answer(IngestResult result, bool duplicate) =>
        new { deliveryId = result.DeliveryId, outcome = result.Status, reason = result.Reason, duplicate, matched = result.Matched, sessions = result.Sessions, refused = result.Refused };

    private static IResult Problem(int status, string title, string? detail, string? outcome = null, string? deliveryId = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (outcome is not null)
        {
            extensions["outcome"] = outcome;
        }

        if (deliveryId is not null)
        {
            extensions["deliveryId"] = deliveryId;
        }

        return TypedResults.Problem(title: title, detail: detail, statusCode: status, extensions: extensions);
    }
}
