namespace Automations.Core.Sources.Sentry;

/// <summary>The values of <c>Sentry-Hook-Resource</c> read specifically; any other is read generically.</summary>
public static class SentryResources
{
    public const string Issue = "issue";
    public const string EventAlert = "event_alert";
    public const string MetricAlert = "metric_alert";
    public const string Error = "error";
    public const string Comment = "comment";
    public const string Installation = "installation";
}
