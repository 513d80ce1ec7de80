using System.Text;
using Automations.Host.Functions;
using Automations.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// What the Functions host does in front of the real handler, for a client on plain HTTP: a request is routed to
/// the HTTP function whose route it falls under (<see cref="FunctionTable"/>, as the function.json files say). A
/// webhook's is given to the handler as an invocation in the host's current shape (<c>http-current.json</c>), and
/// answered with the function's <c>res</c> (500 when the invocation fails); the <c>api</c> function's is forwarded
/// as it came, and its answer passes back as it came (<c>enableForwardingHttpRequest</c>). Each <c>jobs</c> message is then delivered to <c>worker</c>
/// as the Service Bus trigger does (<c>servicebus-double.json</c>), again with <c>DeliveryCount</c> + 1 while the
/// worker answers non-2xx. No timer runs.
/// </summary>
public sealed class FunctionsHostStandIn(FunctionsHandlerProcess handler) : FakeServer
{
    private const int MaxDeliveryCount = 10;

    private readonly List<Task> _deliveries = [];

    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{handler.Port}"),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<FunctionsHostStandIn> StartAsync(FunctionsHandlerProcess handler)
    {
        var host = new FunctionsHostStandIn(handler);
        await host.StartServerAsync();
        return host;
    }

    protected override void Map(WebApplication app) => app.Run(RelayAsync);

    private async Task RelayAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var function = FunctionTable.All.FirstOrDefault(f =>
            f.Trigger == FunctionTrigger.Http
            && (f.Forwarded ? FunctionRoutes.ApiServes(path) : path.StartsWith(f.PathPrefix!, StringComparison.Ordinal))
            && f.Methods!.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (function.Forwarded)
        {
            await ForwardAsync(context);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        // A route's one parameter (custom's endpoint, slack's optional "interactions"), bound to the rest of the path
        // after the route's literal part, its constraint left out; a fixed route, or an optional one not given, has none.
        var parts = function.Route!.Split('{');
        var literal = "/" + parts[0];
        var routeValues = parts.Length == 1 || path.Length <= literal.Length
            ? null
            : new Dictionary<string, string> { [parts[1].Split('}')[0].Split(':')[0].Trim('*', '?')] = path[literal.Length..] };
        var invocation = Invocations.Http(
            "http-current.json",
            context.Request.Method,
            $"https://automations-app.example.net{path}{context.Request.QueryString}",
            context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())),
            body.ToArray(),
            routeValues);

        var answer = await handler.InvokeAsync(function.Name, invocation);
        if (answer.Status is < 200 or > 299)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (answer.Json.GetProperty("Outputs").TryGetProperty(FunctionDefinition.JobsBinding, out var jobs))
        {
            lock (_deliveries)
            {
                _deliveries.AddRange(jobs.EnumerateArray().Select(m => Task.Run(() => DeliverAsync(m.GetString()!))));
            }
        }

        var res = answer.Res;
        context.Response.StatusCode = res.GetProperty("statusCode").GetInt32();
        foreach (var header in res.GetProperty("headers").EnumerateObject())
        {
            context.Response.Headers[header.Name] = header.Value.GetString();
        }

        await context.Response.WriteAsync(res.GetProperty("body").GetString() ?? string.Empty, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>The request as it came, to the handler's own port; its answer back as it came, redirects and cookies included.</summary>
    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        request.Headers.Host = null;
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The Service Bus trigger: the message to <c>worker</c> until it is completed (2xx) or dead-lettered.</summary>
    private async Task DeliverAsync(string message)
    {
        for (var count = 1; count <= MaxDeliveryCount; count++)
        {
            var answer = await handler.InvokeAsync("worker", Invocations.ServiceBus("servicebus-double.json", message, count));
            if (answer.Status is >= 200 and <= 299)
            {
                return;
            }
        }
    }

    /// <summary>Waits for the messages delivered so far to be completed or dead-lettered.</summary>
    public async Task DrainAsync()
    {
        Task[] pending;
        lock (_deliveries)
        {
            pending = [.. _deliveries];
        }

        await Task.WhenAll(pending);
    }
}
