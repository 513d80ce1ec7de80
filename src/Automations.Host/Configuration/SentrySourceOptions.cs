namespace Automations.Host.Configuration;

/// <summary><c>Automations:Sources:Sentry</c>.</summary>
public sealed class SentrySourceOptions
{
    /// <summary>The integration's client secret (<c>Sentry-Hook-Signature</c>).</summary>
    public string? ClientSecret { get; set; }
}
