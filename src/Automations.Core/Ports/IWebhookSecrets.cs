namespace Automations.Core.Ports;

/// <summary>Each source's signing secret, from configuration. Null when none is configured.</summary>
public interface IWebhookSecrets
{
    string? For(string source);
}
