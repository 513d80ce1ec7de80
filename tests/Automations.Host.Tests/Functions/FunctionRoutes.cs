using Automations.Host.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The <c>api</c> function's route as ASP.NET Core's routing reads it, which the Functions host uses: the
/// template parsed, and its regex constraint run on a path's catch-all value.
/// </summary>
internal static class FunctionRoutes
{
    private static readonly Lazy<RegexRouteConstraint> ApiConstraint = new(() =>
    {
        var pattern = RoutePatternFactory.Parse(FunctionTable.ApiRoute);
        var parameter = Assert.Single(pattern.Parameters);
        Assert.True(parameter.IsCatchAll);
        var policy = Assert.Single(pattern.ParameterPolicies[parameter.Name]).Content!;
        Assert.StartsWith("regex(", policy, StringComparison.Ordinal);
        return new RegexRouteConstraint(policy["regex(".Length..^1]);
    });

    /// <summary>Whether a request to <paramref name="path"/> goes to the api function.</summary>
    public static bool ApiServes(string path) =>
        ApiConstraint.Value.Match(null, null, "path", new RouteValueDictionary { ["path"] = path.TrimStart('/') }, RouteDirection.IncomingRequest);
}
