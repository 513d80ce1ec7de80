using System.Text.Json.Nodes;

namespace Automations.Host.Functions;

/// <summary>
/// The functions of the Functions app (CONTRACT.md, "Azure Functions"), in one place: the handler serves
/// exactly these, and the publish step writes their <c>function.json</c> files, <c>host.json</c> and
/// <c>functions.json.sample</c> from them, so the two cannot drift apart.
/// </summary>
public static class FunctionTable
{
    /// <summary>
    /// The <c>api</c> function's route: every path but the webhooks', so it serves <c>/api</c> and the console
    /// at <c>/</c>. The host does not order routes by how specific they are, so the constraint, not the order,
    /// keeps the webhooks' deliveries away from it.
    /// </summary>
    public const string ApiRoute = "{*path:regex(^(?!webhooks(/|$)).*$)}";

    public static readonly IReadOnlyList<FunctionDefinition> All =
    [
        Webhook("github", "webhooks/github"),
        Webhook("sentry", "webhooks/sentry"),
        Webhook("linear", "webhooks/linear"),
        // Slack's events, and its interactivity requests (a button pressed in a session's thread) on one function.
        Webhook("slack", "webhooks/slack/{kind:regex(^interactions$)?}"),
        Webhook("custom", "webhooks/custom/{endpoint}"),
        new("scheduler", FunctionTrigger.Timer, Jobs: true),
        new("worker", FunctionTrigger.ServiceBus),
        new("api", FunctionTrigger.Http, ApiRoute, ["get", "post", "put", "patch", "delete"]),
    ];

    /// <summary>The function named <paramref name="name"/> (the path of an invocation, without its slash), or null.</summary>
    public static FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary><c>functions.json.sample</c>: every function's bindings, by name.</summary>
    public static JsonObject Sample()
    {
        var functions = new JsonObject();
        foreach (var function in All)
        {
            functions[function.Name] = function.ToFunctionJson();
        }

        return new JsonObject
        {
            ["description"] = "The functions of the Automations Functions app, by name. The publish step (automations functions --write-definitions DIR) writes each as DIR/NAME/function.json, with host.json.",
            ["functions"] = functions,
        };
    }

    private static FunctionDefinition Webhook(string name, string route) => new(name, FunctionTrigger.Http, route, ["post"], Jobs: true);
}
