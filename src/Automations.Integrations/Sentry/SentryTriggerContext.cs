using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Automations.Integrations.Sentry;

/// <summary>
/// A Sentry-started session's prompt carries the issue's latest stack trace, which the webhook does not:
/// the issue's latest event, rendered frame by frame. Nothing when Sentry's token is not configured; a
/// Sentry that fails says so in the prompt rather than holding the session back.
/// </summary>
public sealed class SentryTriggerContext(SentryClient sentry, IOptions<SentryClientOptions> options) : ITriggerContext
{
    public async Task<TriggerContextText?> FetchAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (triggerEvent.Source != "sentry" || triggerEvent.Subject.Id is not { Length: > 0 } issueId || string.IsNullOrEmpty(options.Value.Token))
        {
            return null;
        }

        var latest = await sentry.GetLatestEventAsync(issueId, cancellationToken);
        return latest.Succeeded
            ? new TriggerContextText("The Sentry issue's latest event", "Sentry", SentryStackTraceText.Render(latest.Value))
            : latest.Error.Kind is ProviderErrorKind.NotConfigured ? null
            : new TriggerContextText("The Sentry issue's latest event", "Sentry", $"(It could not be read: {latest.Error.Message}.)");
    }
}
