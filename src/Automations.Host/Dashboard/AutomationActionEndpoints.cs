using Automations.Core.Ports;
using Automations.Host.Api;
using Automations.Host.Sessions;
using Microsoft.AspNetCore.Mvc;

namespace Automations.Host.Dashboard;

/// <summary>
/// The automations' buttons: run now, pause, resume, and the switch that pauses them all. Each a form post
/// that calls <see cref="AutomationCommands"/>, as <c>/api</c> does, then sends the person back with what happened.
/// </summary>
public static class AutomationActionEndpoints
{
    public static IEndpointRouteBuilder MapAutomationActions(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/console").AddEndpointFilter(ConsoleForms.RequireAntiforgeryAsync).RequireAuthorization(ConsoleAuth.OperatorPolicy);
        forms.MapPost("/automations/{name}/run", RunAsync);
        forms.MapPost("/automations/{name}/pause", (string name, [FromForm] string? reason, [FromForm] string? back, AutomationCommands c, HttpContext h, CancellationToken t) =>
            DoneAsync(c.PauseAsync(Named(name), reason, By(h), t), Back(back, Named(name)), $"Paused {Named(name)}."));
        forms.MapPost("/automations/{name}/resume", (string name, [FromForm] string? back, AutomationCommands c, CancellationToken t) =>
            DoneAsync(c.ResumeAsync(Named(name), t), Back(back, Named(name)), $"Resumed {Named(name)}."));
        forms.MapPost("/pause-all", ([FromForm] string? back, AutomationCommands c, HttpContext h, CancellationToken t) =>
            DoneAsync(c.PauseAsync(AutomationPause.All, "paused from the console", By(h), t), Back(back, null), "All automations are paused."));
        forms.MapPost("/resume-all", ([FromForm] string? back, AutomationCommands c, CancellationToken t) =>
            DoneAsync(c.ResumeAsync(AutomationPause.All, t), Back(back, null), "Automations run again."));
        return app;
    }

    /// <summary>Run now: the session it started, or back to the automation with why not.</summary>
    internal static async Task<IResult> RunAsync(string name, AutomationCommands commands, CancellationToken cancellationToken)
    {
        name = Named(name);
        var result = await commands.RunAsync(name, null, cancellationToken);
        return result.Body is AutomationCommands.RunAnswer { Sessions: [var session, ..] }
            ? ConsoleForms.Back($"/sessions/{session}", $"Started by hand: {name}.")
            : ConsoleForms.Back($"/automations/{Uri.EscapeDataString(name)}", result.Problem ?? "It started no session.");
    }

    /// <summary>
    /// The automation a route names: a connected repository's (<c>acme/web/fix</c>) comes escaped in one segment,
    /// and routing leaves <c>%2F</c> as it came.
    /// </summary>
    private static string Named(string routed) => Uri.UnescapeDataString(routed);

    private static string By(HttpContext context) =>
        ConsoleAuth.Caller(context.User, context.RequestServices.GetRequiredService<ApiKeys>())?.KeyId ?? "console";

    /// <summary>Where to go after: the page the form came from, if it is one of the console's own.</summary>
    private static string Back(string? back, string? name) =>
        back is "/" or "/automations" ? back : name is null ? "/automations" : $"/automations/{Uri.EscapeDataString(name)}";

    private static async Task<IResult> DoneAsync(Task<SessionCommandResult> command, string back, string done)
    {
        var result = await command;
        return ConsoleForms.Back(back, result.Succeeded ? done : result.Problem);
    }
}
