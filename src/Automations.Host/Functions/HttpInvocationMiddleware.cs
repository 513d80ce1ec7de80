using System.Text;
using System.Text.Json.Nodes;
using Automations.Core.Ports;
using Automations.Core.Sources.Custom;
using Automations.Host.Configuration;
using Automations.Host.Webhooks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Automations.Host.Functions;

/// <summary>
/// Invocations of the webhook functions (<c>POST /github</c>, ...): the delivery in <c>Data.req</c> goes to the
/// webhook step that standalone mode's endpoint calls; any other request under the function (Slack's interactions)
/// runs through the same endpoints as in standalone mode, on a request of its own. The answer becomes the HTTP
/// output <c>res</c>. The jobs a delivery made are
/// handed to Service Bus as the output <c>jobs</c>. Every other request goes on down the pipeline: the
/// <c>api</c> function's requests come forwarded as they came (<see cref="FunctionDefinition.Forwarded"/>).
/// </summary>
public sealed partial class HttpInvocationMiddleware(
    RequestDelegate next,
    IOptions<AutomationsOptions> options,
    ILogger<HttpInvocationMiddleware> logger,
    TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || FunctionTable.Find(context.Request.Path.Value?.TrimStart('/') ?? string.Empty) is not { Trigger: FunctionTrigger.Http, Forwarded: false, Route: { } route } function)
        {
            await next(context);
            return;
        }

        var cancellationToken = context.RequestAborted;
        var (invocation, error) = await Invocation.ReadAsync(context.Request, cancellationToken, liftRequestBody: true);
        var request = invocation is null ? null : HttpTriggerRequest.Read(invocation.DataOf(FunctionDefinition.RequestBinding), out error, invocation.LiftedText);

        // The request holds copies of what it needs (the body unescaped into an array of its own).
        invocation?.Dispose();
        if (request is null)
        {
            Log.BadInvocation(logger, function.Name, error!);
            await InvocationAnswer.Failed(StatusCodes.Status400BadRequest, $"{function.Name}: {error}").WriteAsync(context.Response, cancellationToken);
            return;
        }

        // Checkpoint: the delivery's jobs are handed over in its own commit, leased to Service Bus until the
        // deadline. If the host cannot send them, the hand-over runs out and the scheduler sends them again.
        var jobs = new IngestedJobs { HandOver = function.Jobs ? new JobHandover(ServiceBusHandoff.Owner, time.GetUtcNow() + options.Value.Functions.HandoffTimeout) : null };
        var path = request.PathFor(route);
        var (status, res) = !path.StartsWith(function.PathPrefix!, StringComparison.Ordinal) ? NotServed(function, path)
            : WebhookCall(function, request, path) is { } call ? await ReceiveAsync(context, request, call, jobs)
            : await RunAsync(context, request, path, jobs);
        var outputs = new JsonObject { [FunctionDefinition.ResponseBinding] = res };
        var logs = new List<string> { $"{function.Name}: {status}" };
        if (function.Jobs)
        {
            outputs[FunctionDefinition.JobsBinding] = InvocationAnswer.Messages(jobs.Jobs);
            if (jobs.Jobs.Count > 0)
            {
                logs.Add($"{jobs.Jobs.Count} job(s) to the {FunctionDefinition.Queue} queue: {string.Join(", ", jobs.Jobs.Select(j => j.SessionId))}");
            }
        }

        await InvocationAnswer.Ok(outputs, [.. logs]).WriteAsync(context.Response, cancellationToken);
    }

    /// <summary>
    /// The source (and custom endpoint) of a delivery, when the path is exactly a webhook's: those go to the
    /// webhook step directly, which needs neither routing nor the console's sign-in. Any other path under the
    /// function (Slack's interactions, say) runs through the pipeline as a request of its own.
    /// </summary>
    private static (string Source, string? Endpoint)? WebhookCall(FunctionDefinition function, HttpTriggerRequest request, string path)
    {
        if (function.Name == CustomWebhookSource.SourceName)
        {
            return request.Params.TryGetValue("endpoint", out var endpoint) && path == $"{function.PathPrefix}/{Uri.EscapeDataString(endpoint)}"
                ? (function.Name, endpoint)
                : null;
        }

        return path == function.PathPrefix ? (function.Name, null) : null;
    }

    /// <summary>Hands the delivery to the webhook step; its status and its answer as <c>res</c>.</summary>
    private async Task<(int Status, JsonObject Res)> ReceiveAsync(HttpContext outer, HttpTriggerRequest request, (string Source, string? Endpoint) call, IngestedJobs jobs)
    {
        var result = await WebhookEndpoints.HandleAsync(call.Source, call.Endpoint, request.Headers, request.Body, jobs, outer.RequestServices);

        // The answer is written as the endpoint writes it; the request's Accept chooses how a problem is written.
        var answer = new DefaultHttpContext { RequestServices = outer.RequestServices };
        answer.Request.Headers.Accept = request.Headers.FirstOrDefault(h => h.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase)).Value;
        using var responseBody = new MemoryStream();
        var bodyFeature = new StreamResponseBodyFeature(responseBody);
        answer.Features.Set<IHttpResponseBodyFeature>(bodyFeature);
        await result.ExecuteAsync(answer);
        await bodyFeature.CompleteAsync();
        return Res(answer.Response.StatusCode, answer.Response.Headers, responseBody);
    }

    /// <summary>Runs the inner request through the rest of the pipeline; its status and its answer as <c>res</c>.</summary>
    private async Task<(int Status, JsonObject Res)> RunAsync(HttpContext outer, HttpTriggerRequest request, string path, IngestedJobs jobs)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers)
        {
            headers.Append(name, value);
        }

        // The body is read from memory: its length is what it is, whatever the original request said.
        headers.ContentLength = request.Body.Length;
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Scheme = request.Url?.Scheme ?? "https",
            Method = request.Method,
            PathBase = string.Empty,
            Path = path,
            QueryString = request.Query.Value ?? string.Empty,
            RawTarget = path + request.Query,
            Headers = headers,
            Body = BodyStream(request.Body),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.Body.Length > 0));
        var response = new HttpResponseFeature();
        using var responseBody = new MemoryStream();
        var bodyFeature = new StreamResponseBodyFeature(responseBody);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(bodyFeature);
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = outer.RequestAborted });
        features.Set(outer.Features.Get<IHttpConnectionFeature>());
        features.Set(jobs);
        var inner = new DefaultHttpContext(features) { RequestServices = outer.RequestServices };
        if (request.Url is { } url)
        {
            inner.Request.Host = HostString.FromUriComponent(url);
        }

        await next(inner);
        await bodyFeature.CompleteAsync();
        return Res(response.StatusCode, response.Headers, responseBody);
    }

    /// <summary>An answer as the output <c>res</c>.</summary>
    private static (int Status, JsonObject Res) Res(int status, IHeaderDictionary headers, MemoryStream body)
    {
        var resHeaders = new JsonObject();
        foreach (var (name, values) in headers)
        {
            // The host wants header values as strings.
            resHeaders[name] = values.ToString();
        }

        return (status, new JsonObject
        {
            ["statusCode"] = status,
            ["body"] = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length),
            ["headers"] = resHeaders,
        });
    }

    /// <summary>A path outside the function's route (a request whose route values are missing and whose URL is elsewhere).</summary>
    private static (int Status, JsonObject Res) NotServed(FunctionDefinition function, string path) =>
        (StatusCodes.Status404NotFound, new JsonObject
        {
            ["statusCode"] = StatusCodes.Status404NotFound,
            ["body"] = new JsonObject { ["title"] = "Not found", ["status"] = StatusCodes.Status404NotFound, ["detail"] = $"the {function.Name} function serves {function.PathPrefix}, not {path}" }.ToJsonString(),
            ["headers"] = new JsonObject { ["Content-Type"] = "application/problem+json" },
        });

    /// <summary>The body's bytes where they are, without a copy.</summary>
    private static MemoryStream BodyStream(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);

    /// <summary>Whether the request has a body: endpoints that bind one from JSON read it only when it says so.</summary>
    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "The {Function} invocation cannot be read: {Reason}")]
        public static partial void BadInvocation(ILogger logger, string function, string reason);
    }
}
