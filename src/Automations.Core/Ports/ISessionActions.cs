using Automations.Core.Definitions;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>
/// Brings the world outside in line with a session (ARCHITECTURE.md, steps 8 and 9): opens or updates its
/// pull request, keeps its Slack thread, comments on the issue that started it, posts its result, and
/// turns failed CI and requested changes into follow-up messages. The runner calls it at the start and end
/// of every run, so each call does only what is due; every side effect is recorded in the session's action
/// ledger first, which makes a second call after a crash harmless.
/// </summary>
public interface ISessionActions
{
    /// <summary>
    /// Does what is due. A provider that keeps failing (unavailable, rate limited) throws, so the job is
    /// retried with backoff; a provider that refuses is recorded on the session and answered here.
    /// </summary>
    Task<ActionsOutcome> ReconcileAsync(Session session, AutomationDefinition definition, CancellationToken cancellationToken);
}

/// <summary>What a reconcile leaves the runner to decide: a failure that ends the session, if an essential action was refused.</summary>
public sealed record ActionsOutcome(string? Failure)
{
    public static readonly ActionsOutcome None = new((string?)null);
}
