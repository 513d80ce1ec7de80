using System.Text;
using Automations.Host.Functions;
using Automations.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// What the Functions host does in front of the real handler, for a client on plain HTTP: a request is routed to
/// the HTTP function whose route it falls under (<see cref="FunctionTable"/>, as the function.json files say), given
/// to the handler as an invocation in the host's current shape (<c>http-current.json</c>), and answered with the
/// function's <c>res</c> (500 when the invocation fails). Each <c>jobs</c> message is then delivered to <c>worker</c>
/// as the Service Bus trigger does (<c>servicebus-double.json</c>), again with <c>DeliveryCount</c> + 1 while the
/// worker answers non-2xx. No timer runs.
/// </summary>
public sealed class FunctionsHostStandIn(FunctionsHandlerProcess handler) : FakeServer
{
    private const int MaxDeliveryCount = 10;

    private readonly List<Task> _deliveries = [];

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
            && path.StartsWith(f.PathPrefix!, StringComparison.Ordinal)
            && f.Methods!.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var parameter = function.Route!.Split('{')[1].Trim('}', '*', '?');
        var invocation = Invocations.Http(
            "http-current.json",
            context.Request.Method,
            $"https://automations-app.example.net{path}{context.Request.QueryString}",
            context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())),
            body.ToArray(),
            new Dictionary<string, string> { [parameter] = path[function.PathPrefix!.Length..] });

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
