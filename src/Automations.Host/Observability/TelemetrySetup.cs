using Automations.Core.Observability;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Automations.Host.Observability;

/// <summary>
/// Traces and metrics through OpenTelemetry, and errors to Sentry. Traces are collected only when an OTLP
/// collector is named by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// and the other standard variables); metrics go there too, and to the Prometheus scrape at <c>/metrics</c>
/// unless <c>Automations:Metrics:Scrape</c> is <c>off</c>.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="builder">The engine's application.</param>
    /// <param name="scrapeEndpoint">Whether the host serves <c>/metrics</c> (<see cref="MetricsEndpoints.MapMetrics"/>).</param>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, bool scrapeEndpoint = true)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var scrape = scrapeEndpoint ? MetricsEndpoints.Scrape(configuration) : MetricsScrape.Off;
        builder.AddSentryReporting();
        if (!otlp && scrape == MetricsScrape.Off)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "automations"));
        if (otlp)
        {
            // The request is the delivery's parent: a caller's traceparent is continued, and the delivery's span
            // is sampled as its request is. Probes and scrapes are not traced.
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => c.Request.Path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase) || c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                .AddSource(Telemetry.Name)
                .AddOtlpExporter());
        }

        builder.Services.AddSingleton<QueueGauges>();
        telemetry.WithMetrics(m =>
        {
            m.AddMeter(Telemetry.Name).AddInstrumentation(sp => sp.GetRequiredService<QueueGauges>());
            if (otlp)
            {
                m.AddOtlpExporter();
            }

            if (scrape != MetricsScrape.Off)
            {
                m.AddPrometheusExporter();
            }
        });
        return builder;
    }
}
