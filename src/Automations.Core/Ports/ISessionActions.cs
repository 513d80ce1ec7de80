using Automations.Core.Definitions;
using Automations.Core.Work;

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
    /// Does what is due, with what <paramref name="run"/> knows of the session (its events and trigger, read
    /// once per run). A provider that refuses is recorded on the session and answered as a failure; one that
    /// is down or limiting defers the rest (<see cref="ActionsOutcome.Deferred"/>), and the job is retried.
    /// </summary>
    Task<ActionsOutcome> ReconcileAsync(SessionRun run, AutomationDefinition definition, CancellationToken cancellationToken);
}

/// <summary>
/// What a reconcile leaves the runner to decide: <paramref name="Failure"/>, an essential action was refused
/// (the session ends errored); <paramref name="Deferred"/>, a provider was down or limiting beyond its
/// client's retries (the job is retried with backoff, the ledger says where it was).
/// </summary>
public sealed record ActionsOutcome(string? Failure, string? Deferred = null)
{
    public static readonly ActionsOutcome None = new((string?)null);
}
