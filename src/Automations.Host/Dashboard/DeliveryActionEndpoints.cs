using Automations.Host.Deliveries;

namespace Automations.Host.Dashboard;

/// <summary>The delivery page's button: a replay through <see cref="DeliveryReplay"/>, as <c>/api</c> does; operators only.</summary>
public static class DeliveryActionEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryActions(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/console").AddEndpointFilter(ConsoleForms.RequireAntiforgeryAsync).RequireAuthorization(ConsoleAuth.OperatorPolicy)
            .MapPost("/deliveries/replay", ReplayAsync);
        return app;
    }

    /// <summary>Sends the person to the new delivery, which lists the sessions it started; or back, with why not.</summary>
    internal static async Task<IResult> ReplayAsync(string? source, string? id, DeliveryReplay replay, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(id))
        {
            return ConsoleForms.Back("/deliveries", "Which delivery? The form named none.");
        }

        var result = await replay.ReplayAsync(id, source, cancellationToken);
        return result is { Succeeded: true, Body: DeliveryReplay.Replayed replayed } && replayed.DeliveryId is { } newId
            ? ConsoleForms.Back(DeliveryFilter.PageOf(replayed.Source, newId), $"Replayed {id}: {replayed.Outcome}, {replayed.Sessions.Count} session(s) started.")
            : ConsoleForms.Back(DeliveryFilter.PageOf(source, id), result.Problem ?? "The replay was not recorded.");
    }
}
