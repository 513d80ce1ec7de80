using Automations.Core.Ports;

namespace Automations.Host.Health;

/// <summary><c>GET /healthz</c>: the process answers, and the store answers a query.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync);
        return app;
    }

    internal static async Task<IResult> CheckAsync(IJobQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            var counts = await queue.CountAsync(cancellationToken);
            return TypedResults.Ok(new { status = "ok", store = "ok", queue = new { available = counts.Available, leased = counts.Leased, dead = counts.Dead } });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Json(new { status = "unhealthy", store = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
