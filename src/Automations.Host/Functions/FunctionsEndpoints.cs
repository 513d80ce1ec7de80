namespace Automations.Host.Functions;

/// <summary>
/// The handler's own routes: the invocations of the timer and Service Bus functions. The webhook functions are
/// served by <see cref="HttpInvocationMiddleware"/>, the api function's forwarded requests by <c>/api</c> and
/// the console. The host's readiness probe asks <c>/</c>, where any answer counts: the console's sign-in redirect.
/// </summary>
public static class FunctionsEndpoints
{
    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/scheduler", SchedulerAsync);
        app.MapPost("/worker", WorkerAsync);
        return app;
    }

    internal static async Task SchedulerAsync(HttpContext context, SchedulerFunction scheduler)
    {
        var cancellationToken = context.RequestAborted;
        var (invocation, error) = await Invocation.ReadAsync(context.Request, cancellationToken);
        using var read = invocation;
        var answer = invocation is null
            ? InvocationAnswer.Failed(StatusCodes.Status400BadRequest, $"scheduler: {error}")
            : await scheduler.RunAsync(invocation, cancellationToken);
        await answer.WriteAsync(context.Response, cancellationToken);
    }

    internal static async Task WorkerAsync(HttpContext context, WorkerFunction worker)
    {
        var cancellationToken = context.RequestAborted;
        var (invocation, error) = await Invocation.ReadAsync(context.Request, cancellationToken);
        using var read = invocation;
        var invocationId = context.Request.Headers[Invocation.InvocationIdHeader].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N");
        var answer = invocation is null
            ? InvocationAnswer.Failed(StatusCodes.Status400BadRequest, $"worker: {error}")
            : await worker.RunAsync(invocation, invocationId, cancellationToken);

        // The session's outcome is recorded whether or not the host still waits for the answer.
        await answer.WriteAsync(context.Response, CancellationToken.None);
    }
}
