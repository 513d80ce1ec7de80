using Microsoft.AspNetCore.Antiforgery;

namespace Automations.Host.Dashboard;

/// <summary>
/// Every form the console posts carries an antiforgery token (the pages render it with
/// <c>&lt;AntiforgeryToken /&gt;</c>); this filter refuses a post without a valid one, whatever it binds.
/// </summary>
public static class ConsoleForms
{
    public static async ValueTask<object?> RequireAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(title: "Bad request", detail: "The form carried no valid antiforgery token: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }

    /// <summary>A redirect back to <paramref name="path"/> with a line for the person to read.</summary>
    public static IResult Back(string path, string? notice) =>
        TypedResults.Redirect(notice is null ? path : $"{path}?notice={Uri.EscapeDataString(notice)}");
}
