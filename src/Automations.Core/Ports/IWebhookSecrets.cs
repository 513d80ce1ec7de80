using Automations.Core.Sources;

namespace Automations.Core.Ports;

/// <summary>The secret a delivery must be signed with, from configuration. Null when none is configured.</summary>
public interface IWebhookSecrets
{
    /// <summary>The source's secret, or for a custom webhook the secret its automation names.</summary>
    string? For(WebhookRequest request);
}
