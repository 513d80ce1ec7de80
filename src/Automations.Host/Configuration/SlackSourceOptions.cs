using System.ComponentModel.DataAnnotations;

namespace Automations.Host.Configuration;

/// <summary><c>Automations:Sources:Slack</c>.</summary>
public sealed class SlackSourceOptions
{
    /// <summary>The app's signing secret (<c>X-Slack-Signature</c>).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>How far <c>X-Slack-Request-Timestamp</c> may be from now. Default 5 minutes, Slack's own advice.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00", ErrorMessage = "must be positive.")]
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);
}
