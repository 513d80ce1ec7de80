using Automations.Core.Definitions;
using Automations.Core.Observability;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// Runs a leased session job until the session comes to rest: the first run plans the session from its
/// trigger (<see cref="SessionPlanner"/>); every run then takes the locks it needs (<see cref="SessionLocking"/>)
/// and runs agent turns for the messages waiting in the session's inbox, or resumes a turn that a crash cut
/// short (<see cref="TurnRunner"/>), and settles (<see cref="SessionSettler"/>). Each step is an appended
/// session event. The job is delivered at least once, so every step may run again after a crash; the
/// checkpoints say why running it again is safe.
/// </summary>
public sealed class SessionRunner
{
    private readonly ISessionStore _sessions;
    private readonly IDeliveryStore _deliveries;
    private readonly IDefinitionCatalog _definitions;
    private readonly IWorkspaceProvider _workspaces;
    private readonly SessionPlanner _planner;
    private readonly SessionLocking _locking;
    private readonly TurnRunner _turns;
    private readonly SessionSettler _settler;

    public SessionRunner(
        ISessionStore sessions,
        IDeliveryStore deliveries,
        IDefinitionCatalog definitions,
        IWorkspaceProvider workspaces,
        IAgentRuntime agent,
        ISourceControl sourceControl,
        ISessionLocks locks,
        ISessionActions actions,
        ITriggerContext triggerContext,
        SessionRunnerOptions options,
        TimeProvider time,
        IPrebuilds? prebuilds = null)
    {
        _sessions = sessions;
        _deliveries = deliveries;
        _definitions = definitions;
        _workspaces = workspaces;
        _planner = new SessionPlanner(sessions, triggerContext, options, time);
        _locking = new SessionLocking(sessions, locks, options, time);
        _turns = new TurnRunner(sessions, workspaces, agent, sourceControl, options, time, prebuilds);
        _settler = new SessionSettler(actions, workspaces);
    }

    /// <summary>What a resumed agent is told when a crash or a stop cut its turn short.</summary>
    public const string ContinuePrompt = TurnRunner.ContinuePrompt;

    /// <summary>The default branch of a session: <c>automations/&lt;automation&gt;/&lt;session-id&gt;</c>.</summary>
    public static string BranchOf(string automation, string sessionId) => $"automations/{automation}/{sessionId}";

    /// <inheritdoc cref="SessionPlanner.RepositoryName(string)"/>
    public static string RepositoryName(string url) => SessionPlanner.RepositoryName(url);

    /// <inheritdoc cref="SessionPlanner.RepositoryName(string, string)"/>
    public static string RepositoryName(string url, string gitUrl) => SessionPlanner.RepositoryName(url, gitUrl);

    /// <summary>
    /// Runs the job. <paramref name="stopping"/> interrupts the agent: the engine stopping (the job goes
    /// back to the queue), or a person's stop (the session is already <c>killed</c>).
    /// </summary>
    public async Task<SessionRunResult> RunAsync(SessionJob job, int attempt, string workerId, CancellationToken stopping)
    {
        if (await _sessions.GetAsync(job.SessionId, stopping) is not { } session)
        {
            return new SessionRunResult(SessionRunOutcome.Finished, $"session {job.SessionId} does not exist");
        }

        using var span = Telemetry.StartSession(session);
        var run = new SessionRun(_sessions, _deliveries, session);
        var result = await RunAsync(run, attempt, workerId, stopping);
        span?.SetTag("automations.session.outcome", result.Outcome.ToString()).SetTag("automations.session.status", run.Session.Status);
        return result with { Standing = SessionStanding.Of(run.Session, await run.EventsAsync(CancellationToken.None)) };
    }

    /// <summary>Where a session stands, read from the store; null when it does not exist.</summary>
    public async Task<SessionStanding?> StandingAsync(string sessionId, CancellationToken cancellationToken) =>
        await _sessions.GetAsync(sessionId, cancellationToken) is { } session
            ? SessionStanding.Of(session, await _sessions.GetEventPageAsync(sessionId, 0, int.MaxValue, SessionStanding.Counted, cancellationToken))
            : null;

    private async Task<SessionRunResult> RunAsync(SessionRun run, int attempt, string workerId, CancellationToken stopping)
    {
        var session = run.Session;
        var read = session.LastSeq;
        var definition = _definitions.Current.Find(session.Automation);

        // Checkpoint: the session already came to rest on an earlier attempt whose job completion was lost,
        // or a person stopped it while its job waited, or its pull request moved (merged, closed, a review):
        // what is due outside (a notification, a comment, a cleanup) is done, and nothing runs.
        if (SessionStatus.IsTerminal(session.Status) || (session.Status == SessionStatus.NeedsInput && !session.HasPendingMessages))
        {
            return await _settler.SettleAsync(run, definition, stopping) ?? SessionRunResult.Finished;
        }

        var settings = RunSettings.From(definition);
        if (session.RepositoryUrl is null && await _planner.PlanAsync(run, definition, settings, stopping) is { } early)
        {
            return early;
        }

        // Checkpoint: the job came back while the session was still working (or the janitor already saw
        // its heartbeat go stale): its worker died (a stop or a graceful shutdown would have said so).
        var cameBack = run.Session.Status is SessionStatus.Working or SessionStatus.Stuck;
        var turnOpen = cameBack && TurnRunner.IsOpen(await run.EventsAsync(stopping), out _);
        if (turnOpen && run.Session.Status == SessionStatus.Working)
        {
            // Mid-turn: the turn is resumed below.
            await run.AppendAsync([SessionEvents.Status(SessionStatus.Stuck, "its worker stopped answering mid-turn; the job came back to the queue and the agent's turn is resumed")], stopping);
        }

        var held = new List<string>();
        try
        {
            // A queued session is spawning from here: a worker holds its job and its locks.
            List<SessionEventDraft> taken = [SessionEvents.Of(SessionEventTypes.Attempt, new { attempt, worker = workerId })];
            var spawning = run.Session.Status == SessionStatus.Queued;
            if (spawning)
            {
                taken.Add(SessionEvents.Status(SessionStatus.Spawning, $"worker {workerId} took the job"));
            }

            if (await _locking.TakeAsync(run, settings, held, taken, stopping) is { } blocked)
            {
                return blocked;
            }

            if (spawning && !run.OnlyOwnEventsAfter(read) && await EndedMeanwhileAsync(run, read) is { } ended)
            {
                // A stop landed after the session was read and before spawning was written over it: it stands, and
                // nothing runs. Only events some other writer appended meanwhile are read for it.
                await run.AppendAsync([SessionEvents.Status(ended, $"{ended} as worker {workerId} took the job")], CancellationToken.None);
                return await _settler.SettleAsync(run, definition, stopping) ?? SessionRunResult.Finished;
            }

            return await RunTurnsAsync(run, definition, settings, unsettled: cameBack && !turnOpen, stopping);
        }
        finally
        {
            await _locking.ReleaseAsync(run.Id, held);
        }
    }

    /// <summary>The terminal status (a person's stop) written after event <paramref name="read"/> and just before the run's <c>spawning</c>, or null.</summary>
    private async Task<string?> EndedMeanwhileAsync(SessionRun run, long read)
    {
        var statuses = await _sessions.GetEventPageAsync(run.Id, read, int.MaxValue, [SessionEventTypes.Status], CancellationToken.None);
        var before = statuses.LastOrDefault(e => e.Seq < run.Session.LastSeq);
        return before is not null && before.Data.TryGetProperty("status", out var status) && status.GetString() is { } name && SessionStatus.IsTerminal(name) ? name : null;
    }

    /// <summary>Ends the run with the session at <paramref name="status"/>, for <paramref name="reason"/>.</summary>
    internal static async Task<SessionRunResult> FinishAsync(SessionRun run, string status, string reason)
    {
        await run.AppendAsync([SessionEvents.Status(status, reason)], CancellationToken.None);
        return new SessionRunResult(SessionRunOutcome.Finished, status == SessionStatus.Errored ? reason : null);
    }

    /// <param name="run">The session's run.</param>
    /// <param name="definition">Its automation, if it is still defined.</param>
    /// <param name="settings">What the definition says about running it.</param>
    /// <param name="unsettled">Its last turn ended but the worker died before the session settled, perhaps before the push.</param>
    /// <param name="stopping">Interrupts the agent.</param>
    private async Task<SessionRunResult> RunTurnsAsync(SessionRun run, AutomationDefinition? definition, RunSettings settings, bool unsettled, CancellationToken stopping)
    {
        if (unsettled && run.Session is { RepositoryUrl: { } url, Branch: { } branch } left)
        {
            // Checkpoint: pushing again is harmless, and the change the agent made is not lost.
            var workspace = await _workspaces.PrepareAsync(new WorkspaceRequest(left.Id, url, left.Base ?? "main", branch) { Reuse = true }, stopping);
            await run.AppendAsync(await _turns.PushAsync(run, workspace), CancellationToken.None);
        }

        // The session's Slack thread opens, and what happened while it waited is told, before the agent starts.
        if ((await _settler.ReconcileAsync(run, definition, stopping)).Deferred is { } deferred)
        {
            return new SessionRunResult(SessionRunOutcome.Retry, deferred);
        }

        while (true)
        {
            var turn = SessionStatus.IsTerminal(run.Session.Status) ? null : await _turns.NextAsync(run, stopping);
            if (turn is not null)
            {
                var result = await _turns.RunAsync(run, turn, definition?.Agent.Use, settings, stopping);
                if (result is { Outcome: SessionRunOutcome.Postponed or SessionRunOutcome.Interrupted })
                {
                    return result;
                }

                if (result is null)
                {
                    continue;
                }
            }

            // Checkpoint: every step of settling is idempotent (the push is forced to the session's own
            // branch, actions go by their ledger), so a crash here settles again on the next attempt.
            if (await _settler.SettleAsync(run, definition, stopping) is { } retry)
            {
                return retry;
            }

            if (!SessionStatus.IsTerminal(run.Session.Status) && run.Session.HasPendingMessages)
            {
                // A follow-up came in meanwhile, or the actions made one (failed CI, requested changes).
                continue;
            }

            return SessionRunResult.Finished;
        }
    }
}
