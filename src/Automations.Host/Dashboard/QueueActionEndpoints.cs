using Automations.Host.Jobs;

namespace Automations.Host.Dashboard;

/// <summary>The queue page's buttons: a dead job's replay through <see cref="JobReplay"/>, as <c>/api</c> does; operators only.</summary>
public static class QueueActionEndpoints
{
    public static IEndpointRouteBuilder MapQueueActions(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/console").AddEndpointFilter(ConsoleForms.RequireAntiforgeryAsync).RequireAuthorization(ConsoleAuth.OperatorPolicy)
            .MapPost("/jobs/{id}/replay", ReplayAsync);
        return app;
    }

    internal static async Task<IResult> ReplayAsync(string id, JobReplay replay, CancellationToken cancellationToken)
    {
        var result = await replay.ReplayAsync(id, cancellationToken);
        return ConsoleForms.Back("/queue", result.Succeeded ? $"Replayed the dead job of session {id}: it is queued again." : result.Problem);
    }
}
