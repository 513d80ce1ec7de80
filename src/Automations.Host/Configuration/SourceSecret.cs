using System.ComponentModel.DataAnnotations;
using Automations.Agents.Commands;

namespace Automations.Host.Configuration;

public sealed class SourceSecret
{
    /// <summary>The shared secret the provider signs with. None configured: every delivery is refused.</summary>
    public string? WebhookSecret { get; set; }
}
