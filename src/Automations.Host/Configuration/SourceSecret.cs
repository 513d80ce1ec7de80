namespace Automations.Host.Configuration;

/// <summary>A source signed with a shared webhook secret (GitHub: <c>X-Hub-Signature-256</c>).</summary>
public sealed class SourceSecret
{
    /// <summary>The shared secret the provider signs with. None configured: every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }
}
