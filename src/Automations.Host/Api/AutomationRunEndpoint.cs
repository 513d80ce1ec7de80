using System.Text.Json;
using Automations.Core.Ports;
using Automations.Host.Sessions;

namespace Automations.Host.Api;

/// <summary>
/// <c>POST /api/automations/{name}/run</c>: one run by hand (<see cref="AutomationCommands.RunAsync"/>), paused or
/// not; <c>POST /api/automations/{name}/pause</c> (optional <c>{reason}</c>) and <c>/resume</c>; and
/// <c>POST /api/automations/pause</c> and <c>/resume</c>, the switch that pauses all automations. A connected
/// repository's automation is named by it: <c>/api/automations/{owner}/{repository}/{name}/run</c>, and so on.
/// </summary>
public static class AutomationRunEndpoint
{
    public static RouteGroupBuilder MapAutomationRun(this RouteGroupBuilder api)
    {
        api.MapPost("/automations/{name}/run", (string name, AutomationCommands commands, JsonElement? payload, CancellationToken t) => MapAsync(commands.RunAsync(name, payload, t)));
        api.MapPost("/automations/{name}/pause", (string name, AutomationCommands commands, HttpContext context, PauseRequest? body, CancellationToken t) => MapAsync(commands.PauseAsync(name, body?.Reason, By(context), t)));
        api.MapPost("/automations/{name}/resume", (string name, AutomationCommands commands, CancellationToken t) => MapAsync(commands.ResumeAsync(name, t)));
        api.MapPost("/automations/pause", (AutomationCommands commands, HttpContext context, PauseRequest? body, CancellationToken t) => MapAsync(commands.PauseAsync(AutomationPause.All, body?.Reason, By(context), t)));
        api.MapPost("/automations/resume", (AutomationCommands commands, CancellationToken t) => MapAsync(commands.ResumeAsync(AutomationPause.All, t)));

        // A connected repository's automation: POST /api/automations/acme/web/fix/run, .../pause, .../resume.
        api.MapPost("/automations/{owner}/{repository}/{name}/run", (string owner, string repository, string name, AutomationCommands commands, JsonElement? payload, CancellationToken t) => MapAsync(commands.RunAsync($"{owner}/{repository}/{name}", payload, t)));
        api.MapPost("/automations/{owner}/{repository}/{name}/pause", (string owner, string repository, string name, AutomationCommands commands, HttpContext context, PauseRequest? body, CancellationToken t) => MapAsync(commands.PauseAsync($"{owner}/{repository}/{name}", body?.Reason, By(context), t)));
        api.MapPost("/automations/{owner}/{repository}/{name}/resume", (string owner, string repository, string name, AutomationCommands commands, CancellationToken t) => MapAsync(commands.ResumeAsync($"{owner}/{repository}/{name}", t)));
        return api;
    }

    private static string By(HttpContext context) => ApiCallers.Of(context)?.KeyId ?? "api";

    private static async Task<IResult> MapAsync(Task<SessionCommandResult> command) => SessionEndpoints.Map(await command);

    /// <summary>The optional body of a pause.</summary>
    public sealed record PauseRequest(string? Reason);
}
