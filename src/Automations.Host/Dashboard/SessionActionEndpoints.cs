using Automations.Core.Ports;
using Automations.Host.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automations.Host.Dashboard;

/// <summary>
/// The console's buttons: each a form post that calls <see cref="SessionCommands"/>, as <c>/api</c> does,
/// and sends the person back to the page with what happened. Operators only; read-only people get 403.
/// </summary>
public static class SessionActionEndpoints
{
    /// <summary>How many sessions "stop all" reads per status.</summary>
    private const int StopAllLimit = 1000;

    public static IEndpointRouteBuilder MapSessionActions(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/console").AddEndpointFilter(ConsoleForms.RequireAntiforgeryAsync).RequireAuthorization(ConsoleAuth.OperatorPolicy);
        forms.MapPost("/sessions/{id}/messages", MessageAsync);
        forms.MapPost("/sessions/{id}/stop", (string id, SessionCommands c, CancellationToken t) => RunAsync(id, c.StopAsync(id, t), "Stopped."));
        forms.MapPost("/sessions/{id}/resume", (string id, SessionCommands c, CancellationToken t) => RunAsync(id, c.ResumeAsync(id, null, t), "Resumed: the session is queued."));
        forms.MapPost("/sessions/{id}/clone", CloneAsync);
        forms.MapPost("/sessions/{id}/delete", DeleteAsync);
        forms.MapPost("/stop-all", StopAllAsync);
        app.MapGet("/console/sessions/{id}/export", ExportAsync).RequireAuthorization();
        app.MapGet("/console/sessions/{id}/transcript", TranscriptAsync).RequireAuthorization();

        // The transcript's new events where no WebSocket is carried (Functions): as /api answers them, for the cookie.
        app.MapGet("/console/sessions/{id}/events", Api.ApiEndpoints.GetEventsAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// An answer or a follow-up: one message, whatever the form's fields (free text, choices, "other"). From the question
    /// panel it answers the question the page showed, or nothing: one another surface answered meanwhile is refused.
    /// </summary>
    internal static Task<IResult> MessageAsync(string id, IFormCollection form, SessionCommands commands, CancellationToken cancellationToken)
    {
        var answer = AnswerForm.Read(form);
        return answer switch
        {
            { Malformed: true } => Task.FromResult(ConsoleForms.Back($"/sessions/{id}", "Nothing was sent: the form named no question the session asked. Reload the page.")),
            _ when answer.Text() is { } text =>
                RunAsync(id, commands.PostMessageAsync(id, text, "console", answer.Question, cancellationToken), "Sent: the agent takes it on its next turn."),
            _ => Task.FromResult(ConsoleForms.Back($"/sessions/{id}", "Nothing was sent: choose an answer or write one.")),
        };
    }

    internal static async Task<IResult> CloneAsync(string id, SessionCommands commands, CancellationToken cancellationToken)
    {
        var result = await commands.CloneAsync(id, cancellationToken);
        return result is { Succeeded: true, Body: Core.Sessions.Session clone }
            ? ConsoleForms.Back($"/sessions/{clone.Id}", $"Cloned from {id}.")
            : ConsoleForms.Back($"/sessions/{id}", result.Problem);
    }

    internal static async Task<IResult> DeleteAsync(string id, SessionCommands commands, CancellationToken cancellationToken)
    {
        var result = await commands.DeleteAsync(id, cancellationToken);
        return result.Succeeded ? ConsoleForms.Back("/", $"Deleted session {id}.") : ConsoleForms.Back($"/sessions/{id}", result.Problem);
    }

    internal static async Task<IResult> StopAllAsync(ISessionStore sessions, SessionCommands commands, CancellationToken cancellationToken)
    {
        var stopped = 0;
        foreach (var status in Attention.Live)
        {
            foreach (var session in await sessions.ListAsync(new SessionQuery { Status = status, Limit = StopAllLimit }, cancellationToken))
            {
                stopped += (await commands.StopAsync(session.Id, cancellationToken)).Succeeded ? 1 : 0;
            }
        }

        return ConsoleForms.Back("/", $"Stopped {stopped} session(s).");
    }

    internal static async Task<IResult> ExportAsync(string id, ISessionStore sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(id, cancellationToken) is not { } session)
        {
            return TypedResults.NotFound();
        }

        var markdown = SessionTranscript.Markdown(session, await sessions.GetEventsAsync(id, 0, cancellationToken));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"session-{id}.md");
    }

    /// <summary>The page of the transcript before <paramref name="before"/>, rendered: what "Show earlier" adds.</summary>
    internal static async Task<IResult> TranscriptAsync(string id, long? before, ISessionStore sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(id, cancellationToken) is not { } session)
        {
            return TypedResults.NotFound();
        }

        var page = await TranscriptPage.LoadAsync(sessions, session, before, cancellationToken);
        return new RazorComponentResult<Components.TranscriptChunk>(new { Page = page });
    }

    private static async Task<IResult> RunAsync(string id, Task<SessionCommandResult> command, string done)
    {
        var result = await command;
        return ConsoleForms.Back($"/sessions/{id}", result.Succeeded ? done : result.Problem);
    }
}
