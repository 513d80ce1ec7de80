using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:Sources:Linear</c>.</summary>
public sealed class LinearSourceOptions
{
    /// <summary>The webhook's signing secret (<c>Linear-Signature</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How far <c>webhookTimestamp</c> may be from now. Default 60 seconds, Linear's own advice.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromSeconds(60);
}
