using Automations.Host.Api;

namespace Automations.Host.Observability;

/// <summary><c>GET /metrics</c>: the Prometheus scrape of the engine's meter, open, behind the API key, or off.</summary>
public static class MetricsEndpoints
{
    public const string ScrapeKey = "Automations:Metrics:Scrape";

    public static MetricsScrape Scrape(IConfiguration configuration) =>
        configuration[ScrapeKey] is not { Length: > 0 } value ? MetricsScrape.Open
        : Enum.TryParse<MetricsScrape>(value, ignoreCase: true, out var scrape) && Enum.IsDefined(scrape) ? scrape
        : throw new InvalidOperationException($"{ScrapeKey} must be open, key or off, not '{value}'.");

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var scrape = Scrape(app.ServiceProvider.GetRequiredService<IConfiguration>());
        if (scrape == MetricsScrape.Off)
        {
            return app;
        }

        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: scrape == MetricsScrape.Key ? RequireKey : null, optionsName: null);
        return app;
    }

    private static void RequireKey(IApplicationBuilder pipeline) =>
        pipeline.Use(async (context, next) =>
        {
            if (context.RequestServices.GetRequiredService<ApiKeys>().FromAuthorization(context.Request.Headers.Authorization) is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(context);
        });
}
