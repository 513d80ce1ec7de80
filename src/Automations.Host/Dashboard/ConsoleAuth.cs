using System.Security.Claims;
using Automations.Host.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Automations.Host.Dashboard;

/// <summary>
/// Signing a person in to the console with an API key. The cookie is a data-protected ticket holding the
/// key's id and role, never the key; each request checks that the key is still configured with that role.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "automations.console";

    /// <summary>The policy of every change the console makes.</summary>
    public const string OperatorPolicy = "operator";

    private const string KeyIdClaim = "automations:key";

    public static ClaimsPrincipal Principal(ApiCaller caller) =>
        new(new ClaimsIdentity([new Claim(KeyIdClaim, caller.KeyId), new Claim(ClaimTypes.Role, caller.RoleName)], Scheme, KeyIdClaim, ClaimTypes.Role));

    /// <summary>The signed-in caller, while their key is still configured with the same role; otherwise null.</summary>
    public static ApiCaller? Caller(ClaimsPrincipal user, ApiKeys keys) =>
        user.Identity?.IsAuthenticated == true
        && keys.Find(user.FindFirstValue(KeyIdClaim)) is { } caller
        && user.IsInRole(caller.RoleName)
            ? caller
            : null;

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Scheme;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.LoginPath = "/sign-in";
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnValidatePrincipal = context =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeys>();
            if (context.Principal is null || Caller(context.Principal, keys) is null)
            {
                context.RejectPrincipal();
                return context.HttpContext.SignOutAsync(Scheme);
            }

            return Task.CompletedTask;
        };

        // A read-only person who posts a change gets 403, not a redirect to a page that does not exist.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
