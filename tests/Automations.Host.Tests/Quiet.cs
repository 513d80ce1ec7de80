using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Work;

namespace Automations.Host.Tests;

/// <summary>A session without actions, for tests of the run itself.</summary>
internal sealed class NoActions : ISessionActions
{
    public Task<ActionsOutcome> ReconcileAsync(SessionRun run, AutomationDefinition definition, CancellationToken cancellationToken) => Task.FromResult(ActionsOutcome.None);
}

/// <summary>A trigger with nothing more to tell than its event.</summary>
internal sealed class NoTriggerContext : ITriggerContext
{
    public Task<TriggerContextText?> FetchAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken) => Task.FromResult<TriggerContextText?>(null);
}

/// <summary>No webhook secrets: for tests whose events are the engine's own (schedules).</summary>
internal sealed class NoSecrets : IWebhookSecrets
{
    public string? For(Core.Sources.WebhookRequest request) => null;
}
