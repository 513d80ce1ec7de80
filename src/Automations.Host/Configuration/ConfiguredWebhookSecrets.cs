using Automations.Core.Ports;
using Automations.Core.Sources;
using Automations.Core.Sources.Custom;
using Microsoft.Extensions.Options;

namespace Automations.Host.Configuration;

/// <summary>
/// Each source's secret from <c>Automations:Sources</c>, and each custom webhook's from the environment
/// variable its automation names (<c>secret: env:NAME</c>). Read on every delivery, so a change applies at once.
/// </summary>
public sealed class ConfiguredWebhookSecrets(IOptionsMonitor<AutomationsOptions> options, IDefinitionCatalog definitions) : IWebhookSecrets
{
    public string? For(WebhookRequest request)
    {
        var sources = options.CurrentValue.Sources;
        return request.Source switch
        {
            "github" => sources.GitHub.WebhookSecret,
            "sentry" => sources.Sentry.ClientSecret,
            "linear" => sources.Linear.WebhookSecret,
            "slack" => sources.Slack.SigningSecret,
            CustomWebhookSource.SourceName when request.Endpoint is { } endpoint
                && definitions.Current.TryGetEndpoint(endpoint, out _, out var variable) => Environment.GetEnvironmentVariable(variable),
            _ => null,
        };
    }
}
