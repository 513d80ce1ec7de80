using Automations.Host.Dashboard;

namespace Automations.Host.Api;

/// <summary>
/// Who calls <c>/api</c>: the bearer key first, as ever; on the routes marked <see cref="CookieAccepted"/>
/// (the live stream), also a person signed in to the console, when the request comes from the console's
/// own origin (a browser sends <c>Origin</c> with every WebSocket, so another site cannot ride the cookie).
/// </summary>
public static class ApiCallers
{
    /// <summary>Endpoint metadata: this route also takes the console's cookie.</summary>
    public static readonly object CookieAccepted = new CookieAcceptedMetadata();

    public static ApiCaller? Resolve(HttpContext context)
    {
        var keys = context.RequestServices.GetRequiredService<ApiKeys>();
        if (keys.FromAuthorization(context.Request.Headers.Authorization) is { } caller)
        {
            return caller;
        }

        var acceptsCookie = context.GetEndpoint()?.Metadata.GetMetadata<CookieAcceptedMetadata>() is not null;
        return acceptsCookie && SameOrigin(context.Request) ? ConsoleAuth.Caller(context.User, keys) : null;
    }

    /// <summary>The caller <see cref="Resolve"/> found for this request, once the <c>/api</c> filter let it in.</summary>
    public static ApiCaller? Of(HttpContext context) => context.Items[typeof(ApiCaller)] as ApiCaller;

    private static bool SameOrigin(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private sealed class CookieAcceptedMetadata;
}
