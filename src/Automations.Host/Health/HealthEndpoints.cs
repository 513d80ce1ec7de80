using Automations.Core.Ports;
using Automations.Storage.Sql;
using Dapper;

namespace Automations.Host.Health;

/// <summary>
/// <c>GET /healthz</c>, liveness: 200 while the process answers, with the queue's counts when the store
/// answers too. <c>GET /readyz</c>, readiness: 200 when the store answers a trivial query within
/// <see cref="ReadyTimeout"/>, else 503 with the reason. A probe that restarts the engine watches the first;
/// one that sends it traffic, the second.
/// </summary>
public static class HealthEndpoints
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", LiveAsync);
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    internal static async Task<IResult> LiveAsync(IJobQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            var counts = await queue.CountAsync(cancellationToken);
            return TypedResults.Ok(new { status = "ok", store = "ok", queue = new { available = counts.Available, leased = counts.Leased, dead = counts.Dead } });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Ok(new { status = "ok", store = ex.Message });
        }
    }

    internal static async Task<IResult> ReadyAsync(SqlDatabase database, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            await using var connection = await database.OpenReadAsync(timeout.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
            return TypedResults.Ok(new { status = "ready", store = "ok" });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? $"the store did not answer within {ReadyTimeout.TotalSeconds:0} s" : $"the store does not answer: {ex.Message}";
            return TypedResults.Json(new { status = "unavailable", store = reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
