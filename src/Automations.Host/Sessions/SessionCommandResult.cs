namespace Automations.Host.Sessions;

/// <summary>What a session command did: an HTTP status, and a problem's detail or the answer's body.</summary>
public sealed record SessionCommandResult(int StatusCode, string? Problem = null, object? Body = null)
{
    public bool Succeeded => Problem is null;

    public static SessionCommandResult NotFound(string id) => new(StatusCodes.Status404NotFound, $"No session {id}.");

    public static SessionCommandResult Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);

    public static SessionCommandResult Invalid(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
