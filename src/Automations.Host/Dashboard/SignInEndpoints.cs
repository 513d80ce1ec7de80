using Automations.Host.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Automations.Host.Dashboard;

/// <summary><c>POST /console/sign-in</c> and <c>/console/sign-out</c>: the forms of the sign-in page and the header.</summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/console").AddEndpointFilter(ConsoleForms.RequireAntiforgeryAsync).AllowAnonymous();
        forms.MapPost("/sign-in", SignInAsync);
        forms.MapPost("/sign-out", (Delegate)SignOutAsync);
        return app;
    }

    internal static async Task<IResult> SignInAsync([FromForm] string? key, [FromForm] string? returnUrl, HttpContext context, ApiKeys keys)
    {
        if (keys.Identify(key?.Trim()) is not { } caller)
        {
            return TypedResults.Redirect("/sign-in?failed=true" + (LocalOrNull(returnUrl) is { } back ? "&returnUrl=" + Uri.EscapeDataString(back) : string.Empty));
        }

        await context.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Principal(caller));
        return TypedResults.Redirect(LocalOrNull(returnUrl) ?? "/");
    }

    internal static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(ConsoleAuth.Scheme);
        return TypedResults.Redirect("/sign-in");
    }

    /// <summary>A return address on this site only: a path, never <c>//host</c> or <c>/\host</c>.</summary>
    private static string? LocalOrNull(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : null;
}
