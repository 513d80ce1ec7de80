using Automations.Core.Ports;
using Automations.Host.Sessions;

namespace Automations.Host.Api;

/// <summary>The session lifecycle under <c>/api/sessions</c>: create, message, stop, resume, clone, delete, export, stream.</summary>
public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionLifecycle(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions", CreateAsync);
        api.MapPost("/sessions/{id}/messages", PostMessageAsync);
        api.MapPost("/sessions/{id}/stop", StopAsync);
        api.MapPost("/sessions/{id}/resume", ResumeAsync);
        api.MapPost("/sessions/{id}/clone", CloneAsync);
        api.MapDelete("/sessions/{id}", DeleteAsync);
        api.MapGet("/sessions/{id}/export", ExportAsync);
        api.MapGet("/sessions/{id}/stream", SessionStream.AcceptAsync).WithMetadata(ApiCallers.CookieAccepted);
        return api;
    }

    internal static async Task<IResult> CreateAsync(NewSessionRequest? request, SessionCommands commands, CancellationToken cancellationToken) =>
        Map(await commands.CreateAsync(request?.Repository, request?.Prompt, request?.Agent, request?.Base, cancellationToken));

    internal static async Task<IResult> PostMessageAsync(string id, MessageRequest? request, SessionCommands commands, CancellationToken cancellationToken) =>
        Map(await commands.PostMessageAsync(id, request?.Text, "api", request?.Question, cancellationToken));

    internal static async Task<IResult> StopAsync(string id, SessionCommands commands, CancellationToken cancellationToken) =>
        Map(await commands.StopAsync(id, cancellationToken));

    internal static async Task<IResult> ResumeAsync(string id, HttpRequest request, SessionCommands commands, CancellationToken cancellationToken)
    {
        // The body is optional: {text} replaces the default "continue" message.
        string? text = null;
        if (request.ContentLength is > 0 && request.HasJsonContentType())
        {
            text = (await request.ReadFromJsonAsync<MessageRequest>(cancellationToken))?.Text;
        }

        return Map(await commands.ResumeAsync(id, text, cancellationToken));
    }

    internal static async Task<IResult> CloneAsync(string id, SessionCommands commands, CancellationToken cancellationToken) =>
        Map(await commands.CloneAsync(id, cancellationToken));

    internal static async Task<IResult> DeleteAsync(string id, SessionCommands commands, CancellationToken cancellationToken) =>
        Map(await commands.DeleteAsync(id, cancellationToken));

    internal static async Task<IResult> ExportAsync(string id, string? format, ISessionStore sessions, CancellationToken cancellationToken)
    {
        if (format is not null && !string.Equals(format, "markdown", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Unsupported format", detail: $"format={format} is not supported; use format=markdown.", statusCode: StatusCodes.Status400BadRequest);
        }

        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No session {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        var events = await sessions.GetEventsAsync(id, 0, cancellationToken);
        return TypedResults.Text(SessionTranscript.Markdown(session, events), "text/markdown; charset=utf-8");
    }

    /// <summary>A command's result as HTTP: its problem, or its body with its status.</summary>
    internal static IResult Map(SessionCommandResult result) => result switch
    {
        { Succeeded: false } => TypedResults.Problem(title: ReasonPhrase(result.StatusCode), detail: result.Problem, statusCode: result.StatusCode),
        { StatusCode: StatusCodes.Status204NoContent } => TypedResults.NoContent(),
        _ => TypedResults.Json(result.Body, statusCode: result.StatusCode),
    };

    private static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        _ => "Error",
    };

    /// <summary><c>POST /api/sessions</c>.</summary>
    public sealed record NewSessionRequest(string? Repository, string? Prompt, string? Agent, string? Base);

    /// <summary><c>POST /api/sessions/{id}/messages</c>, and the optional body of resume; <see cref="Question"/> names the question an answer is for.</summary>
    public sealed record MessageRequest(string? Text, long? Question = null);
}
