using Automations.Core.Sources;
using Automations.Core.Sources.Custom;
using Automations.Core.Sources.GitHub;
using Automations.Core.Sources.Linear;
using Automations.Core.Sources.Sentry;
using Automations.Core.Sources.Slack;

namespace Automations.Host.Configuration;

/// <summary>Every source the engine takes deliveries from, made one way for <c>serve</c> and <c>test</c>.</summary>
public static class WebhookSources
{
    public static IReadOnlyList<IWebhookSource> Create(SourcesOptions options, TimeProvider time) =>
    [
        new GitHubSource(),
        new SentrySource(),
        new LinearSource(time, options.Linear.TimestampWindow),
        new SlackSource(time, options.Slack.TimestampWindow),
        new CustomWebhookSource(time),
    ];
}
