using System.Text.Json.Nodes;

namespace Automations.Host.Functions;

/// <summary>
/// One function of the Functions app: its name (its folder, and the path the host posts its invocations
/// to), its trigger, and its outputs. <see cref="ToFunctionJson"/> is its <c>function.json</c>.
/// </summary>
/// <param name="Name">The function's name.</param>
/// <param name="Trigger">What starts it.</param>
/// <param name="Route">For HTTP: the route under the app's root (the route prefix is empty), as in standalone mode.</param>
/// <param name="Methods">For HTTP: the methods it accepts.</param>
/// <param name="Jobs">Whether it has the Service Bus output <c>jobs</c>.</param>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, string? Route = null, IReadOnlyList<string>? Methods = null, bool Jobs = false)
{
    /// <summary>The HTTP trigger's binding name, which names <c>Data.req</c>.</summary>
    public const string RequestBinding = "req";

    /// <summary>The HTTP output's binding name.</summary>
    public const string ResponseBinding = "res";

    /// <summary>The Service Bus output's binding name.</summary>
    public const string JobsBinding = "jobs";

    /// <summary>The timer trigger's binding name.</summary>
    public const string TimerBinding = "timer";

    /// <summary>The Service Bus trigger's binding name, which names <c>Data.job</c>.</summary>
    public const string JobBinding = "job";

    /// <summary>The queue of session jobs.</summary>
    public const string Queue = "sessions";

    /// <summary>The app setting (prefix) of the Service Bus connection: <c>ServiceBusConnection__fullyQualifiedNamespace</c> with a managed identity.</summary>
    public const string Connection = "ServiceBusConnection";

    /// <summary>The timer's NCRONTAB schedule (seconds first, UTC): every 15 seconds.</summary>
    public const string TimerSchedule = "*/15 * * * * *";

    /// <summary>
    /// Whether the host forwards its requests as they came (<c>enableForwardingHttpRequest</c>): it does for an
    /// HTTP function with one input and one output, and sends every other function an invocation.
    /// </summary>
    public bool Forwarded => Trigger == FunctionTrigger.Http && !Jobs;

    /// <summary>For HTTP: the route's literal start, as a path (<c>/api/</c>, <c>/webhooks/github</c>): every request the function serves is under it.</summary>
    public string? PathPrefix => Route is null ? null : "/" + Route.Split('{')[0].TrimEnd('/');

    /// <summary>The function's <c>function.json</c>.</summary>
    public JsonObject ToFunctionJson()
    {
        var bindings = new JsonArray();
        switch (Trigger)
        {
            case FunctionTrigger.Http:
                // Anonymous at the host: webhooks are verified by their signatures, /api by its bearer keys.
                bindings.Add(new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = RequestBinding,
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray([.. (Methods ?? ["post"]).Select(m => JsonValue.Create(m))]),
                    ["route"] = Route,
                });
                bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = ResponseBinding });
                break;
            case FunctionTrigger.Timer:
                bindings.Add(new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = TimerBinding,
                    ["schedule"] = TimerSchedule,
                    ["runOnStartup"] = false,
                    ["useMonitor"] = true,
                });
                break;
            case FunctionTrigger.ServiceBus:
                bindings.Add(new JsonObject
                {
                    ["type"] = "serviceBusTrigger",
                    ["direction"] = "in",
                    ["name"] = JobBinding,
                    ["queueName"] = Queue,
                    ["connection"] = Connection,
                    ["isSessionsEnabled"] = false,
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown trigger {Trigger}.");
        }

        if (Jobs)
        {
            bindings.Add(new JsonObject { ["type"] = "serviceBus", ["direction"] = "out", ["name"] = JobsBinding, ["queueName"] = Queue, ["connection"] = Connection });
        }

        return new JsonObject { ["bindings"] = bindings };
    }
}
