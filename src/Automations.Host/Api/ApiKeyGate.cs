namespace Automations.Host.Api;

/// <summary>
/// The bearer key of every <c>/api</c> endpoint, checked before the endpoint reads anything of the request:
/// an endpoint filter runs after the body is bound, so bad JSON without a key was a 400 instead of a 401. A
/// read-only key (<c>Automations:Api:ReadOnlyKeys</c>) reads and gets 403 on any change; the live stream
/// also takes the console's cookie (<see cref="ApiCallers"/>).
/// </summary>
public static class ApiKeyGate
{
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group)
    {
        // Finally: after the endpoint's own delegate (binding, filters, handler) is built, around all of it.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = context => CheckAsync(context, inner);
            }
        });
        return group;
    }

    private static Task CheckAsync(HttpContext context, RequestDelegate inner)
    {
        if (ApiCallers.Resolve(context) is not { } caller)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                title: "Unauthorized",
                detail: "Send 'Authorization: Bearer <key>' with a key from Automations:Api:Keys.",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        }

        if (!caller.CanChange && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return TypedResults.Problem(
                title: "Forbidden",
                detail: "This key is read-only (Automations:Api:ReadOnlyKeys): it cannot change anything.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
        }

        context.Items[typeof(ApiCaller)] = caller;
        return inner(context);
    }
}
