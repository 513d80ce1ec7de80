namespace Automations.Host.Configuration;

/// <summary><c>Automations:Sources</c>: each provider's signing secret. A source with none refuses every delivery.</summary>
public sealed class SourcesOptions
{
    public SourceSecret GitHub { get; set; } = new();

    public SentrySourceOptions Sentry { get; set; } = new();

    public LinearSourceOptions Linear { get; set; } = new();

    public SlackSourceOptions Slack { get; set; } = new();
}
