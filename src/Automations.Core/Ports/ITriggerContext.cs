using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>
/// What a trigger's provider can add to a session's first prompt beyond its delivery: a Sentry issue's
/// latest stack trace. The text is from outside the automation, so the runner fences it as untrusted data.
/// </summary>
public interface ITriggerContext
{
    /// <summary>The extra context, with a label for it, or null when the provider has none (or is not configured).</summary>
    Task<TriggerContextText?> FetchAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken);
}

/// <summary>Context for a prompt: <paramref name="Label"/> says what it is, <paramref name="Author"/> whose text it is.</summary>
public sealed record TriggerContextText(string Label, string Author, string Text);
