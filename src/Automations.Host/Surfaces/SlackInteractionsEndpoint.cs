using System.Text;
using System.Text.Json;
using Automations.Core.Ingest;
using Automations.Core.Sources;
using Automations.Core.Sources.Slack;
using Automations.Host.Configuration;
using Automations.Host.Webhooks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Automations.Host.Surfaces;

/// <summary>
/// <c>POST /webhooks/slack/interactions</c>: Slack's interactivity requests (a button pressed in a session's thread),
/// form-encoded <c>payload=</c> JSON, signed like events (<c>X-Slack-Signature</c> over
/// <c>X-Slack-Request-Timestamp</c> and the raw body). A bad signature is a 401, counted and recorded like a refused
/// delivery; a verified press runs at once and is answered 200 with an empty body, as Slack wants within 3 seconds.
/// </summary>
public static class SlackInteractionsEndpoint
{
    public const string Route = "/webhooks/slack/interactions";

    public static IEndpointRouteBuilder MapSlackInteractions(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReceiveAsync).WithName("slack-interactions");
        return app;
    }

    internal static async Task<IResult> ReceiveAsync(
        HttpContext context, IngestPipeline pipeline, SlackInteractions interactions, IOptionsMonitor<AutomationsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var headers = WebhookRequest.HeadersOf(context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())));
        var body = await RequestBody.ReadAsync(context, options.CurrentValue.Ingest.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(title: "Payload too large", detail: $"The body is over {options.CurrentValue.Ingest.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var slack = options.CurrentValue.Sources.Slack;
        var request = new WebhookRequest(SlackSource.SourceName, headers, body);
        var signature = SlackSignature.Verify(slack.SigningSecret, body, request.Header(SlackHeaders.RequestTimestamp), request.Header(SlackHeaders.Signature), time.GetUtcNow(), slack.TimestampWindow);
        if (signature != SignatureResult.Valid)
        {
            var reason = $"a Slack interaction whose signature does not verify: {signature}";
            await pipeline.RefuseAsync(request with { Body = ReadOnlyMemory<byte>.Empty }, IngestOutcome.Unauthorized, reason, CancellationToken.None);
            return TypedResults.Problem(title: "Signature verification failed", detail: reason, statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonElement payload;
        try
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            using var document = JsonDocument.Parse(form.TryGetValue("payload", out var json) ? json.ToString() : string.Empty);
            payload = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return TypedResults.Problem(title: "Malformed interaction", detail: "The body is not a form with a payload= JSON object.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Once verified, a client that hangs up must not stop a stop half-way.
        var problem = await interactions.HandleAsync(payload, CancellationToken.None);
        return problem is null ? TypedResults.Ok() : TypedResults.Problem(title: "Unusable interaction", detail: problem, statusCode: StatusCodes.Status400BadRequest);
    }
}
