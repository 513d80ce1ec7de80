using Automations.Core.Ports;
using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>Each source's secret from <c>Automations:Sources</c>, read on every delivery so a change applies at once.</summary>
public sealed class ConfiguredWebhookSecrets(IOptionsMonitor<AutomationsOptions> options) : IWebhookSecrets
{
    public string? For(string source)
    {
        var sources = options.CurrentValue.Sources;
        return source switch
        {
            "github" => sources.GitHub.WebhookSecret,
            "sentry" => sources.Sentry.ClientSecret,
            "linear" => sources.Linear.WebhookSecret,
            "slack" => sources.Slack.SigningSecret,
            _ => null,
        };
    }
}
