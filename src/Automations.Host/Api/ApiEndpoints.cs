using System.Text.Json;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Sessions.Actions;
using Automations.Host.Definitions;
using Automations.Host.Sessions;

namespace Automations.Host.Api;

/// <summary><c>/api</c>: sessions, their events, automations and deliveries, behind a bearer key.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireApiKey();
        api.MapGet("/sessions", ListSessionsAsync);
        api.MapGet("/sessions/{id}", GetSessionAsync);
        api.MapGet("/sessions/{id}/events", GetEventsAsync);
        api.MapGet("/automations", ListAutomationsAsync);
        api.MapDeliveries();
        api.MapQueue();
        api.MapAutomationRun();
        api.MapSessionLifecycle();
        return app;
    }

    internal static async Task<IResult> ListSessionsAsync(ISessionStore sessions, string? status, string? automation, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.ListAsync(new SessionQuery { Status = status, Automation = automation, Limit = limit ?? 100 }, cancellationToken));

    /// <summary>The session, with its actions: each one's last step, and the provider's own message when one failed.</summary>
    internal static async Task<IResult> GetSessionAsync(ISessionStore sessions, string id, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(id, cancellationToken) is not { } session)
        {
            return NotFound(id);
        }

        // Only the action events, through the index of events by type: a long session's output is not read.
        var ledger = ActionLedger.From(await sessions.GetEventPageAsync(id, 0, int.MaxValue, [SessionEventTypes.Action], cancellationToken));
        var json = JsonSerializer.SerializeToNode(session, JsonSerializerOptions.Web)!.AsObject();
        json["actions"] = JsonSerializer.SerializeToNode(
            ledger.Entries.OrderBy(e => e.Seq).Select(e => new { key = e.Key, state = e.State, result = e.Result, error = e.Error }),
            JsonSerializerOptions.Web);
        return TypedResults.Ok(json);
    }

    internal static async Task<IResult> GetEventsAsync(ISessionStore sessions, string id, long? after, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var events = await sessions.GetEventsAsync(id, after ?? 0, cancellationToken);
        return TypedResults.Ok(events.Select(e => new { seq = e.Seq, at = e.At, type = e.Type, data = e.Data }));
    }

    internal static async Task<IResult> ListAutomationsAsync(DefinitionCatalog catalog, AutomationPauses pauses, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var paused = await pauses.GetAsync(cancellationToken);
        return TypedResults.Ok(new
        {
            path = catalog.Folder.Path,
            loadedAt = catalog.Folder.LoadedAt,
            pausedAll = AutomationCommands.PauseJson(paused.All),
            repositories = catalog.Repositories.Status.Select(r => new
            {
                repository = r.Repository.Name,
                branch = r.Branch ?? r.Repository.Branch,
                commit = r.Commit,
                loadedAt = r.LoadedAt,
                error = r.Error,
            }),
            automations = current.Definitions.Select(d => new
            {
                name = d.Name,
                description = d.Description,
                enabled = d.Enabled,
                file = d.SourceFile,
                definition = d.Provenance,
                triggers = d.Triggers.SelectMany(t => t.Kinds),
                repository = d.Repository,
                @base = d.Base,
                agent = d.Agent.Use,
                paused = AutomationCommands.PauseJson(paused.Of(d.Name)),
            }),
            errors = catalog.Problems.Select(p => new
            {
                file = p.Error.File,
                line = p.Error.Line,
                column = p.Error.Column,
                message = p.Error.Message,
                text = p.Error.ToString(),
                repository = p.Repository,
                commit = p.Commit,
                inForce = p.InForce,
            }),
        });
    }

    private static IResult NotFound(string id) =>
        TypedResults.Problem(title: "Not found", detail: $"No session {id}.", statusCode: StatusCodes.Status404NotFound);
}
