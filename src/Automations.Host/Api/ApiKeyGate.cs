namespace Automations.Host.Api;

/// <summary>
/// The bearer key of every <c>/api</c> endpoint, checked before the endpoint reads anything of the request:
/// an endpoint filter runs after the body is bound, so bad JSON without a key was a 400 instead of a 401.
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
        if (context.RequestServices.GetRequiredService<ApiKeys>().Accepts(context.Request.Headers.Authorization))
        {
            return inner(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: "Send 'Authorization: Bearer <key>' with a key from Automations:Api:Keys.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
