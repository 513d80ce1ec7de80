using Sentry;

namespace Automations.Host.Observability;

/// <summary>
/// The engine's own errors (log entries at <c>Error</c> and above, with their exceptions) go to Sentry through
/// its SDK, when a DSN is configured (<c>Automations:Sentry:Dsn</c>, or the SDK's standard <c>SENTRY_DSN</c>);
/// otherwise nothing is set up. No personal data, no request (body, headers, cookies, query), no log
/// arguments; every configured secret is blanked from messages, exceptions, breadcrumbs, tags and extras.
/// </summary>
internal static class SentryReporting
{
    public const string DsnKey = "Automations:Sentry:Dsn";

    /// <summary>Starts the SDK when a DSN is configured, and sends it error log entries; does nothing otherwise.</summary>
    public static WebApplicationBuilder AddSentryReporting(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dsn = configuration[DsnKey] is { Length: > 0 } configured ? configured : configuration["SENTRY_DSN"];
        if (string.IsNullOrWhiteSpace(dsn))
        {
            return builder;
        }

        var scrubber = new SecretScrubber(configuration);
        var options = new SentryOptions
        {
            Dsn = dsn,
            SendDefaultPii = false,
            AutoSessionTracking = false,
            // No error report is worth a late shutdown.
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        options.SetBeforeBreadcrumb(b => Scrub(b, scrubber));
        options.SetBeforeSend((e, _) => Scrub(e, scrubber));
        // Errors only: the SDK would also ship every log entry, arguments and all, as Sentry logs.
        options.SetBeforeSendLog(_ => null);
        var sdk = SentrySdk.Init(options);
        builder.Services.AddHostedService(_ => new SentryShutdown(sdk));
        builder.Logging.AddSentry(o =>
        {
            o.MinimumEventLevel = LogLevel.Error;
            o.MinimumBreadcrumbLevel = LogLevel.Information;
        });
        return builder;
    }

    internal static SentryEvent Scrub(SentryEvent e, SecretScrubber scrubber)
    {
        if (e.Message is { } message)
        {
            // The formatted text only: the arguments of a log entry could hold anything.
            e.Message = new SentryMessage { Message = scrubber.Scrub(message.Message), Formatted = scrubber.Scrub(message.Formatted) };
        }

        foreach (var exception in e.SentryExceptions ?? [])
        {
            exception.Value = scrubber.Scrub(exception.Value);
        }

        e.Request.Data = null;
        e.Request.Cookies = null;
        e.Request.QueryString = null;
        e.Request.Headers.Clear();
        e.Request.Env.Clear();
        foreach (var (key, value) in e.Extra.ToList())
        {
            e.SetExtra(key, value is string text ? scrubber.Scrub(text) : value?.GetType().Name);
        }

        foreach (var (key, value) in e.Tags.ToList())
        {
            e.SetTag(key, scrubber.Scrub(value) ?? string.Empty);
        }

        return e;
    }

    private static Breadcrumb Scrub(Breadcrumb b, SecretScrubber scrubber) =>
        new(scrubber.Scrub(b.Message) ?? string.Empty, b.Type ?? "default", b.Data?.ToDictionary(d => d.Key, d => scrubber.Scrub(d.Value) ?? string.Empty), b.Category, b.Level);
}
