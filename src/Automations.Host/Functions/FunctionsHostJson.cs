using System.Text.Json.Nodes;

namespace Automations.Host.Functions;

/// <summary>
/// <c>host.json</c> of the Functions app: the engine as a custom handler (<c>automations functions</c>), the
/// extension bundle for the timer and Service Bus bindings, Service Bus settings for long agent runs, HTTP
/// routes at the root, as in standalone mode, and the api function's requests forwarded as they came.
/// </summary>
public static class FunctionsHostJson
{
    /// <summary>
    /// How long one invocation may run: a worker's session (the agent's own timeout, 30 minutes by default,
    /// plus checkout, push, actions and the wait before a failure is answered). Flex Consumption allows it.
    /// </summary>
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromHours(2);

    /// <summary>
    /// How long the host keeps renewing a job message's lock: longer than any invocation may run, so Service
    /// Bus never hands a running job to a second worker.
    /// </summary>
    public static readonly TimeSpan LockRenewal = FunctionTimeout + TimeSpan.FromMinutes(5);

    /// <summary>Sessions one instance runs at once (agents and git are heavy): as <c>Automations:Worker:Concurrency</c>.</summary>
    public const int MaxConcurrentSessions = 2;

    /// <summary>The executable the host starts, from the published app's root.</summary>
    public const string Executable = "automations";

    public static JsonObject Create() => new()
    {
        ["version"] = "2.0",
        ["functionTimeout"] = FunctionTimeout.ToString("c"),
        ["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Information" } },
        ["extensionBundle"] = new JsonObject { ["id"] = "Microsoft.Azure.Functions.ExtensionBundle", ["version"] = "[4.*, 5.0.0)" },
        ["extensions"] = new JsonObject
        {
            ["http"] = new JsonObject { ["routePrefix"] = string.Empty },
            ["serviceBus"] = new JsonObject
            {
                ["prefetchCount"] = 0,
                ["autoCompleteMessages"] = true,
                ["maxAutoLockRenewalDuration"] = LockRenewal.ToString("c"),
                ["maxConcurrentCalls"] = MaxConcurrentSessions,
            },
        },
        ["customHandler"] = new JsonObject
        {
            ["description"] = new JsonObject
            {
                ["defaultExecutablePath"] = Executable,
                ["workingDirectory"] = string.Empty,
                ["arguments"] = new JsonArray("functions"),
            },
            // The api function (one HTTP input, one HTTP output) gets its requests as they came: the console's
            // cookies and redirects pass both ways. The webhooks, with their Service Bus output, get invocations.
            ["enableForwardingHttpRequest"] = true,
        },
    };
}
