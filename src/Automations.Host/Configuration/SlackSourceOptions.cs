namespace Automations.Host.Configuration;

/// <summary><c>Automations:Sources:Slack</c>.</summary>
public sealed class SlackSourceOptions
{
    /// <summary>The app's signing secret (<c>X-Slack-Signature</c>).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>How far <c>X-Slack-Request-Timestamp</c> may be from now. Default 5 minutes, Slack's own advice.</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);
}
