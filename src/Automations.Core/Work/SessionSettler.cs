using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// After the agent: the actions that are due (the pull request first), then the session's status at rest,
/// which the pull request decides (<c>pr_open</c>, or <c>done</c>), then what follows from that status
/// (notifications, comments, the result webhook, cleanup after a merge).
/// </summary>
internal sealed class SessionSettler(ISessionActions actions, IWorkspaceProvider workspaces)
{
    /// <summary>Settles the session; a result when a provider deferred an action (the job is retried), else null.</summary>
    public async Task<SessionRunResult?> SettleAsync(SessionRun run, AutomationDefinition? definition, CancellationToken cancellationToken)
    {
        if (run.Session.Status == SessionStatus.Stuck)
        {
            // Out of date: this run holds the job (the janitor saw the heartbeat of the worker before). Working
            // again before the actions, which act on a session whose turn ended well.
            await run.AppendAsync([SessionEvents.Status(SessionStatus.Working, "the agent's turn had ended when its worker died; the session settles")], cancellationToken);
        }
        else if (run.Session.Status == SessionStatus.Spawning)
        {
            // No turn ran in this run, and none waits: a dead job replayed after its turn had ended (a provider
            // deferred its actions to the last attempt). Working again, so the actions act as after that turn.
            await run.AppendAsync([SessionEvents.Status(SessionStatus.Working, "its job was replayed after the agent's turn had ended; the session settles")], cancellationToken);
        }

        var outcome = await ReconcileAsync(run, definition, cancellationToken);
        if (outcome.Deferred is { } deferred)
        {
            return new SessionRunResult(SessionRunOutcome.Retry, deferred);
        }

        var session = run.Session;
        if (session.Status == SessionStatus.Working && !session.HasPendingMessages)
        {
            var (status, reason) = outcome.Failure is { } failure
                ? (SessionStatus.Errored, failure)
                : session.PullRequest is { } pullRequest
                    ? (SessionStatus.PrOpen, $"pull request #{pullRequest.Number} is open: {pullRequest.Url}")
                    : (SessionStatus.Done, (await run.EventsAsync(cancellationToken)).Any(e => e.Type == SessionEventTypes.Branch) ? null : "the agent changed nothing; no branch was pushed");
            // Unless a stop from another instance landed during the actions: it stands, and is what they tell next.
            await run.AppendUnlessEndedAsync([SessionEvents.Status(status, reason)], CancellationToken.None);
            var after = await ReconcileAsync(run, definition, cancellationToken);
            return after.Deferred is { } later ? new SessionRunResult(SessionRunOutcome.Retry, later) : null;
        }

        if (session.Status == SessionStatus.Merged)
        {
            // Merged is the end: its workspace goes now, not after the retention period.
            await workspaces.RemoveAsync(session.Id, cancellationToken);
        }

        return null;
    }

    public Task<ActionsOutcome> ReconcileAsync(SessionRun run, AutomationDefinition? definition, CancellationToken cancellationToken) =>
        definition is null ? Task.FromResult(ActionsOutcome.None) : actions.ReconcileAsync(run, definition, cancellationToken);
}
