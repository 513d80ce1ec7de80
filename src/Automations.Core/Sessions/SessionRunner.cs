using System.Collections.Concurrent;
using System.Globalization;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Templates;

namespace Automations.Core.Sessions;

/// <summary>
/// Runs a leased session job until the session comes to rest: the first run plans the session from its
/// trigger (repository, branch, instructions, concurrency key, budget); every run then takes the locks it
/// needs and runs agent turns for the messages waiting in the session's inbox, or resumes a turn that a
/// crash cut short. Each step is an appended session event. The job is delivered at least once, so every
/// step may run again after a crash; the checkpoints below say why running it again is safe.
/// </summary>
public sealed class SessionRunner(
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
    TimeProvider time)
{
    /// <summary>What a resumed agent is told when a crash or a stop cut its turn short.</summary>
    public const string ContinuePrompt = "Your previous turn was interrupted before it finished. Continue the task where you left off.";

    private readonly ConcurrentDictionary<string, string> _waitingReasons = new(StringComparer.Ordinal);

    /// <summary>The default branch of a session: <c>automations/&lt;automation&gt;/&lt;session-id&gt;</c>.</summary>
    public static string BranchOf(string automation, string sessionId) => $"automations/{automation}/{sessionId}";

    /// <summary>
    /// Runs the job. <paramref name="stopping"/> interrupts the agent: the engine stopping (the job goes
    /// back to the queue), or a person's stop (the session is already <c>killed</c>).
    /// </summary>
    public async Task<SessionRunResult> RunAsync(SessionJob job, int attempt, string workerId, CancellationToken stopping)
    {
        var sessionId = job.SessionId;
        var session = await sessions.GetAsync(sessionId, stopping);
        if (session is null)
        {
            return new SessionRunResult(SessionRunOutcome.Finished, $"session {sessionId} does not exist");
        }

        var definition = definitions.Current.Find(session.Automation);

        // Checkpoint: the session already came to rest on an earlier attempt whose job completion was lost,
        // or a person stopped it while its job waited, or its pull request moved (merged, closed, a review):
        // what is due outside (a notification, a comment, a cleanup) is done, and nothing runs.
        if (SessionStatus.IsTerminal(session.Status) || (session.Status == SessionStatus.NeedsInput && !session.HasPendingMessages))
        {
            await SettleAsync(session.Id, definition, stopping);
            return SessionRunResult.Finished;
        }

        var settings = RunSettings.From(definition);
        if (session.RepositoryUrl is null)
        {
            var planned = await PlanAsync(session, job, definition, settings, stopping);
            if (planned.Result is { } early)
            {
                return early;
            }

            session = planned.Session!;
        }

        // Checkpoint: the job came back while the session was still working (or the janitor already saw
        // its heartbeat go stale): its worker died (a stop or a graceful shutdown would have said so).
        var cameBack = session.Status is SessionStatus.Working or SessionStatus.Stuck;
        var turnOpen = cameBack && await TurnIsOpenAsync(sessionId, stopping);
        if (turnOpen && session.Status == SessionStatus.Working)
        {
            // Mid-turn: the turn is resumed below.
            await sessions.AppendAsync(sessionId, [SessionEvents.Status(SessionStatus.Stuck, "its worker stopped answering mid-turn; the job came back to the queue and the agent's turn is resumed")], stopping);
        }

        var held = new List<string>();
        try
        {
            if (await TakeLocksAsync(session, settings, held, stopping) is { } blocked)
            {
                return blocked;
            }

            _waitingReasons.TryRemove(sessionId, out _);
            await sessions.AppendAsync(sessionId, [SessionEvents.Of(SessionEventTypes.Attempt, new { attempt, worker = workerId })], stopping);
            return await RunTurnsAsync(sessionId, definition, settings, unsettled: cameBack && !turnOpen, stopping);
        }
        finally
        {
            if (held.Count > 0)
            {
                await locks.ReleaseAsync(sessionId, held, CancellationToken.None);
            }
        }
    }

    /// <summary>Records that the job is dead after its last attempt.</summary>
    public Task GiveUpAsync(string sessionId, int attempts, string error, CancellationToken cancellationToken) =>
        sessions.AppendAsync(sessionId, [SessionEvents.Status(SessionStatus.Errored, $"gave up after {attempts} attempt(s): {error}")], cancellationToken);

    /// <summary>Records that the run was cut short and its job goes back to the queue; the next run resumes the turn.</summary>
    public async Task RecordRequeueAsync(string sessionId, string reason, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        var drafts = new List<SessionEventDraft> { SessionEvents.Of(SessionEventTypes.Requeued, new { reason }) };
        if (session is not null && !SessionStatus.IsTerminal(session.Status))
        {
            drafts.Add(SessionEvents.Status(SessionStatus.Spawning, "requeued"));
        }

        await sessions.AppendAsync(sessionId, drafts, cancellationToken);
    }

    /// <summary>Records a failed attempt that will be retried.</summary>
    public Task RecordRetryAsync(string sessionId, int attempt, string error, CancellationToken cancellationToken) =>
        sessions.AppendAsync(sessionId, [SessionEvents.Of("attempt_failed", new { attempt, error })], cancellationToken);

    /// <summary>
    /// The first run of a triggered session: renders what it runs on from the definition and the event,
    /// checks the daily budget, and puts the instructions in the inbox as the first message.
    /// </summary>
    private async Task<(Session? Session, SessionRunResult? Result)> PlanAsync(Session session, SessionJob job, AutomationDefinition? definition, RunSettings settings, CancellationToken cancellationToken)
    {
        var sessionId = session.Id;
        if (definition is null)
        {
            return (null, await FinishAsync(sessionId, SessionStatus.Errored, $"automation '{session.Automation}' is no longer defined"));
        }

        var triggerEvent = await deliveries.GetEventAsync(job.Source, job.DeliveryId, cancellationToken);
        if (triggerEvent is null)
        {
            return (null, await FinishAsync(sessionId, SessionStatus.Errored, $"delivery {job.Source}/{job.DeliveryId} has no stored event"));
        }

        if (settings.DailyBudgetUsd is { } daily)
        {
            var dayStart = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            var spent = await sessions.SpentSinceAsync(definition.Name, dayStart, cancellationToken);
            if (spent >= daily)
            {
                return (null, await FinishAsync(sessionId, SessionStatus.Terminated, $"skipped: the automation's daily budget of ${daily.ToString("0.##", CultureInfo.InvariantCulture)} is spent (${spent.ToString("0.####", CultureInfo.InvariantCulture)} today)"));
            }
        }

        var branch = DefinitionRendering.Branch(definition, Context(triggerEvent, definition, sessionId, null));
        if (branch.Error is { } branchError)
        {
            return (null, await FinishAsync(sessionId, SessionStatus.Errored, branchError));
        }

        var branchName = branch.Text!;
        var context = Context(triggerEvent, definition, sessionId, branchName);
        var repository = TemplateRenderer.Shared.Render(definition.Repository, context);

        // The prompt fences text from outside the automation (issue bodies, comments, messages) as untrusted data.
        var instructions = TemplateRenderer.Shared.RenderInstructions(definition.Instructions, context);
        var key = DefinitionRendering.ConcurrencyKey(definition, context);
        if ((repository.Error ?? instructions.Error ?? key.Error) is { } templateError)
        {
            return (null, await FinishAsync(sessionId, SessionStatus.Errored, templateError));
        }

        string repositoryUrl;
        try
        {
            var definitionDirectory = Path.GetDirectoryName(Path.GetFullPath(definition.SourceFile)) ?? ".";
            repositoryUrl = RepositoryLocation.Resolve(repository.Text!.Trim(), options.GitUrl, definitionDirectory);
        }
        catch (ArgumentException ex)
        {
            return (null, await FinishAsync(sessionId, SessionStatus.Errored, ex.Message));
        }

        var concurrencyKey = key.Text is { Length: > 0 } k ? k : null;
        var prompt = instructions.Text!;
        if (await triggerContext.FetchAsync(triggerEvent, cancellationToken) is { } extra)
        {
            // What the provider adds (a Sentry stack trace) is text from outside the automation, fenced as such.
            prompt += $"\n\n{extra.Label}:\n{UntrustedData.Fence(extra.Text, triggerEvent.Source, extra.Author, "latest_event")}";
        }

        // Checkpoint: planning writes the spec and the first message in one append; a crash before it plans again.
        await sessions.AppendAsync(
            sessionId,
            [
                SessionEvents.Of(
                    SessionEventTypes.Spec,
                    new { repository = RepositoryName(repositoryUrl), repositoryUrl, @base = definition.Base, branch = branchName, agent = definition.Agent.Use, concurrencyKey },
                    new SessionChange { Repository = RepositoryName(repositoryUrl), RepositoryUrl = repositoryUrl, Base = definition.Base, Branch = branchName, Agent = definition.Agent.Use, ConcurrencyKey = concurrencyKey }),
                SessionEvents.Of(SessionEventTypes.Message, new { text = prompt, from = "trigger" }, new SessionChange { IsMessage = true }),
            ],
            cancellationToken);
        return (await sessions.GetAsync(sessionId, cancellationToken), null);
    }

    /// <summary>Takes the concurrency key, the branch lock and a concurrency slot; a held one skips or postpones the session.</summary>
    private async Task<SessionRunResult?> TakeLocksAsync(Session session, RunSettings settings, List<string> held, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.LockLease;
        if (session.ConcurrencyKey is { } concurrencyKey)
        {
            // Held until the session ends: a terminal status frees it without anyone releasing it.
            var holder = await locks.TryAcquireAsync($"key:{session.Automation}:{concurrencyKey}", session.Id, DateTimeOffset.MaxValue, cancellationToken);
            if (holder is not null)
            {
                var reason = $"concurrency key '{concurrencyKey}' is held by live session {holder}";
                return settings.QueueOnConflict
                    ? await PostponeAsync(session.Id, $"waits: {reason}", cancellationToken)
                    : await FinishAsync(session.Id, SessionStatus.Terminated, $"skipped: {reason}");
            }
        }

        var branchKey = $"branch:{session.RepositoryUrl}#{session.Branch}";
        var branchHolder = await locks.TryAcquireAsync(branchKey, session.Id, until, cancellationToken);
        if (branchHolder is not null)
        {
            return await PostponeAsync(session.Id, $"waits: branch '{session.Branch}' of {session.Repository} is being changed by session {branchHolder}", cancellationToken);
        }

        held.Add(branchKey);
        if (settings.ConcurrencyMax is { } max)
        {
            var slots = Enumerable.Range(0, max).Select(i => $"slot:{session.Automation}:{i}").ToList();
            var slot = await locks.TryAcquireAnyAsync(slots, session.Id, until, cancellationToken);
            if (slot is null)
            {
                return await PostponeAsync(session.Id, $"waits: the automation already runs {max} session(s) (concurrency.max)", cancellationToken);
            }

            held.Add(slot);
        }

        return null;
    }

    private async Task<SessionRunResult> PostponeAsync(string sessionId, string reason, CancellationToken cancellationToken)
    {
        // One event per new reason, not one per retry.
        if (!_waitingReasons.TryGetValue(sessionId, out var last) || last != reason)
        {
            _waitingReasons[sessionId] = reason;
            await sessions.AppendAsync(sessionId, [SessionEvents.Of(SessionEventTypes.Waiting, new { reason })], cancellationToken);
        }

        return new SessionRunResult(SessionRunOutcome.Postponed, reason, options.LockRetryDelay);
    }

    /// <param name="sessionId">The session.</param>
    /// <param name="definition">Its automation, if it is still defined.</param>
    /// <param name="settings">What the definition says about running it.</param>
    /// <param name="unsettled">Its last turn ended but the worker died before the session settled, perhaps before the push.</param>
    /// <param name="stopping">Interrupts the agent.</param>
    private async Task<SessionRunResult> RunTurnsAsync(string sessionId, AutomationDefinition? definition, RunSettings settings, bool unsettled, CancellationToken stopping)
    {
        if (unsettled && await sessions.GetAsync(sessionId, stopping) is { RepositoryUrl: { } url, Branch: { } branch } left)
        {
            // Checkpoint: pushing again is harmless, and the change the agent made is not lost.
            var workspace = await workspaces.PrepareAsync(new WorkspaceRequest(sessionId, url, left.Base ?? "main", branch) { Reuse = true }, stopping);
            await sessions.AppendAsync(sessionId, await PushAsync(left, workspace), CancellationToken.None);
        }

        // The session's Slack thread opens, and what happened while it waited is told, before the agent starts.
        await ReconcileAsync(sessionId, definition, stopping);
        while (true)
        {
            var session = await sessions.GetAsync(sessionId, stopping) ?? throw new InvalidOperationException($"session {sessionId} vanished");
            var turn = SessionStatus.IsTerminal(session.Status) ? null : await NextTurnAsync(session, stopping);
            if (turn is not null)
            {
                var result = await RunTurnAsync(session, turn, definition, settings, stopping);
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
            await SettleAsync(sessionId, definition, stopping);
            var settled = await sessions.GetAsync(sessionId, stopping) ?? session;
            if (!SessionStatus.IsTerminal(settled.Status) && settled.HasPendingMessages)
            {
                // A follow-up came in meanwhile, or the actions made one (failed CI, requested changes).
                continue;
            }

            return SessionRunResult.Finished;
        }
    }

    /// <summary>
    /// After the agent: the actions that are due (the pull request first), then the session's status at
    /// rest, which the pull request decides (<c>pr_open</c>, or <c>done</c>), then what follows from that
    /// status (notifications, comments, the result webhook, cleanup after a merge).
    /// </summary>
    private async Task SettleAsync(string sessionId, AutomationDefinition? definition, CancellationToken cancellationToken)
    {
        if ((await sessions.GetAsync(sessionId, cancellationToken))?.Status == SessionStatus.Stuck)
        {
            // Out of date: this run holds the job (the janitor saw the heartbeat of the worker before). Working
            // again before the actions, which act on a session whose turn ended well.
            await sessions.AppendAsync(sessionId, [SessionEvents.Status(SessionStatus.Working, "the agent's turn had ended when its worker died; the session settles")], cancellationToken);
        }

        var outcome = await ReconcileAsync(sessionId, definition, cancellationToken);
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        if (session is null)
        {
            return;
        }

        if (session.Status == SessionStatus.Working && !session.HasPendingMessages)
        {
            var (status, reason) = outcome.Failure is { } failure
                ? (SessionStatus.Errored, failure)
                : session.PullRequest is { } pullRequest
                    ? (SessionStatus.PrOpen, $"pull request #{pullRequest.Number} is open: {pullRequest.Url}")
                    : (SessionStatus.Done, await PushedAsync(sessionId, cancellationToken) ? null : "the agent changed nothing; no branch was pushed");
            await sessions.AppendAsync(sessionId, [SessionEvents.Status(status, reason)], CancellationToken.None);
            await ReconcileAsync(sessionId, definition, cancellationToken);
        }
        else if (session.Status == SessionStatus.Merged)
        {
            // Merged is the end: its workspace goes now, not after the retention period.
            await workspaces.RemoveAsync(sessionId, cancellationToken);
        }
    }

    private async Task<ActionsOutcome> ReconcileAsync(string sessionId, AutomationDefinition? definition, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        return session is null || definition is null ? ActionsOutcome.None : await actions.ReconcileAsync(session, definition, cancellationToken);
    }

    /// <summary>True when the session's last prompt has no end after it other than a cancellation: a crash or a stop cut the turn short.</summary>
    private async Task<bool> TurnIsOpenAsync(string sessionId, CancellationToken cancellationToken)
    {
        var all = await sessions.GetEventsAsync(sessionId, 0, cancellationToken);
        return IsOpen(all, out _);
    }

    private static bool IsOpen(IReadOnlyList<SessionEvent> all, out SessionEvent? lastPrompt)
    {
        lastPrompt = all.LastOrDefault(e => e.Type == SessionEventTypes.Prompt);
        var prompt = lastPrompt;
        return prompt is not null && !all.Any(e => e.Seq > prompt.Seq && e.Type == SessionEventTypes.MessageComplete
            && e.Data.TryGetProperty("outcome", out var outcome) && outcome.GetString() != "canceled");
    }

    /// <summary>True when the session's branch was pushed with a change.</summary>
    private async Task<bool> PushedAsync(string sessionId, CancellationToken cancellationToken)
    {
        var all = await sessions.GetEventsAsync(sessionId, 0, cancellationToken);
        return all.Any(e => e.Type == SessionEventTypes.Branch);
    }

    /// <summary>
    /// What the next turn says: the waiting messages, joined; or, when a turn was cut short (the session is
    /// still <c>working</c>, or <c>stuck</c>), a resume of the agent's session, or the last prompt again for
    /// agents that cannot resume. Null when there is nothing to do.
    /// </summary>
    private async Task<Turn?> NextTurnAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.HasPendingMessages)
        {
            var events = await sessions.GetEventsAsync(session.Id, session.HandledSeq, cancellationToken);
            var messages = events.Where(e => e.Type == SessionEventTypes.Message && e.Seq <= session.InboxSeq).ToList();
            var text = string.Join("\n\n", messages.Select(m => m.Data.GetProperty("text").GetString()));
            var first = session.HandledSeq == 0;
            return new Turn(text, session.InboxSeq, Resume: first ? null : session.AgentSessionId, FreshWorkspace: first);
        }

        // A turn is open when its prompt has no end after it but a cancellation: a crash or a stop cut it short.
        var all = await sessions.GetEventsAsync(session.Id, 0, cancellationToken);
        if (IsOpen(all, out var lastPrompt))
        {
            if (session.AgentSessionId is { } agentSession)
            {
                return new Turn(ContinuePrompt, null, agentSession, FreshWorkspace: false);
            }

            // An agent that cannot resume starts its last turn again, from a clean workspace if it was the first.
            var firstTurn = all.Count(e => e.Type == SessionEventTypes.Prompt) == 1;
            return new Turn(lastPrompt!.Data.GetProperty("text").GetString() ?? string.Empty, null, null, FreshWorkspace: firstTurn);
        }

        return null;
    }

    /// <summary>One agent turn. Null means the session may have more to do (a message came in meanwhile).</summary>
    private async Task<SessionRunResult?> RunTurnAsync(Session session, Turn turn, AutomationDefinition? definition, RunSettings settings, CancellationToken stopping)
    {
        var sessionId = session.Id;
        if (settings.MaxCostUsd is { } budget && session.CostUsd >= budget)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, $"the session has spent ${Money(session.CostUsd)} of its ${Money(budget)} budget (agent.max_cost_usd); no agent was started");
        }

        var repositoryUrl = session.RepositoryUrl!;
        var branch = session.Branch!;
        var agentName = session.Agent ?? definition?.Agent.Use ?? "default";

        // Checkpoint: the first turn starts from a clean checkout of the base; later turns keep the session's work.
        var workspace = await workspaces.PrepareAsync(new WorkspaceRequest(sessionId, repositoryUrl, session.Base ?? "main", branch) { Reuse = !turn.FreshWorkspace }, stopping);
        var drafts = new List<SessionEventDraft>();
        if (turn.FreshWorkspace)
        {
            drafts.Add(SessionEvents.Of(SessionEventTypes.Workspace, new { path = workspace.Path, repository = repositoryUrl, @base = session.Base, baseCommit = workspace.BaseCommit, branch }));
        }

        // Whether the agent runs sandboxed is on every prompt, and on the session: an unsandboxed one says so.
        var sandbox = agent.SandboxOf(agentName);
        drafts.Add(SessionEvents.Of(
            SessionEventTypes.Prompt,
            new { text = turn.Text, resume = turn.Resume is not null, sandbox = new { confined = sandbox.Confined, description = sandbox.Description } },
            new SessionChange { HandledSeq = turn.HandledSeq, Question = string.Empty, Sandboxed = sandbox.Confined }));
        drafts.Add(SessionEvents.Status(SessionStatus.Working, sandbox.Confined ? $"agent '{agentName}' started" : $"agent '{agentName}' started unsandboxed ({sandbox.Description})"));
        await sessions.AppendAsync(sessionId, drafts, stopping);

        var remaining = settings.MaxCostUsd is { } max ? Math.Max(0, max - session.CostUsd) : (decimal?)null;
        var run = new AgentRun
        {
            SessionId = sessionId,
            Agent = agentName,
            WorkingDirectory = workspace.Path,
            HomeDirectory = workspace.HomeDirectory,
            SessionDirectory = workspace.SessionDirectory,
            ObjectStore = workspace.ObjectStore,
            Prompt = turn.Text,
            Timeout = settings.Timeout,
            Model = settings.Model,
            MaxTurns = settings.MaxTurns,
            ResumeAgentSessionId = turn.Resume,
            NewAgentSessionId = turn.Resume is null ? Guid.NewGuid().ToString() : null,
            MaxCostUsd = remaining,
        };
        if (turn.FreshWorkspace && settings.Setup.Count > 0)
        {
            if (await RunSetupAsync(sessionId, run, settings, stopping) is { } setupFailed)
            {
                return setupFailed;
            }
        }

        AgentResult result;
        TurnRecorder recorder;
        await using (recorder = new TurnRecorder(sessions, sessionId, options.OutputFlushInterval, options.IdleAfter, time, options.MaxSessionOutputBytes, session.OutputBytes))
        {
            result = await agent.RunAsync(run, recorder.OnEventAsync, stopping);
            recorder.Exited();
        }

        var report = recorder.Report;
        var agentSessionId = result.AgentSessionId ?? recorder.AgentSessionId;
        await sessions.AppendAsync(
            sessionId,
            [
                SessionEvents.Of(
                    SessionEventTypes.MessageComplete,
                    new
                    {
                        outcome = result.Outcome.ToString().ToLowerInvariant(),
                        exitCode = result.ExitCode,
                        durationMs = (long)result.Duration.TotalMilliseconds,
                        error = result.Error,
                        costUsd = report?.CostUsd,
                        turns = report?.Turns,
                        tokens = report is null ? null : new { input = report.Usage.InputTokens, output = report.Usage.OutputTokens, cacheRead = report.Usage.CacheReadTokens, cacheWrite = report.Usage.CacheWriteTokens },
                        result = report?.ResultText,
                        isError = report?.IsError,
                        agentSessionId,
                    },
                    new SessionChange
                    {
                        AgentSessionId = agentSessionId,
                        AddCostUsd = report?.CostUsd,
                        AddTurns = report?.Turns,
                        AddInputTokens = report?.Usage.InputTokens,
                        AddOutputTokens = report?.Usage.OutputTokens,
                    }),
            ],
            CancellationToken.None);

        if (result.Outcome == AgentOutcome.Canceled)
        {
            // A person's stop already wrote `killed`; the engine's stop gives the job back.
            var now = await sessions.GetAsync(sessionId, CancellationToken.None);
            return now is not null && SessionStatus.IsTerminal(now.Status)
                ? SessionRunResult.Finished
                : new SessionRunResult(SessionRunOutcome.Interrupted, "the agent was stopped before it finished");
        }

        if (result.Outcome is AgentOutcome.TimedOut or AgentOutcome.Failed && recorder.Question is null)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, result.Error ?? "the agent failed");
        }

        var after = await sessions.GetAsync(sessionId, CancellationToken.None) ?? session;
        var overBudget = settings.MaxCostUsd is { } limit && after.CostUsd > limit;

        var pushed = await PushAsync(session, workspace);

        if (overBudget)
        {
            pushed.Add(SessionEvents.Status(SessionStatus.Errored, $"stopped: the session spent ${after.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}, past its budget of ${settings.MaxCostUsd!.Value.ToString("0.##", CultureInfo.InvariantCulture)} (agent.max_cost_usd)"));
            await sessions.AppendAsync(sessionId, pushed, CancellationToken.None);
            return new SessionRunResult(SessionRunOutcome.Finished, "over budget");
        }

        if (recorder.Question is { } question)
        {
            pushed.Add(new SessionEventDraft(
                SessionEventTypes.Status,
                System.Text.Json.JsonSerializer.SerializeToElement(new { status = SessionStatus.NeedsInput, reason = "the agent asked a question", question }, EventJson.Options),
                new SessionChange { Status = SessionStatus.NeedsInput, Question = question }));
            await sessions.AppendAsync(sessionId, pushed, CancellationToken.None);
            return after.InboxSeq > (turn.HandledSeq ?? after.HandledSeq) ? null : SessionRunResult.Finished;
        }

        // The session stays working until it settles: a message that came in meanwhile is the next turn,
        // else the actions run and decide the status it rests in.
        await sessions.AppendAsync(sessionId, pushed, CancellationToken.None);
        return null;
    }

    /// <summary>Commits what the agent left and pushes the session's branch: a branch event when the branch holds a change.</summary>
    private async Task<List<SessionEventDraft>> PushAsync(Session session, Workspace workspace)
    {
        // Checkpoint: the push is forced to the session's own branch, so pushing again after a crash is harmless.
        var push = await sourceControl.CommitAndPushAsync(
            workspace,
            new CommitInfo($"{session.Automation}: session {session.Id}\n\nAutomation '{session.Automation}', triggered by {session.Trigger.Kind} ({session.Trigger.DeliveryId}).", options.CommitAuthorName, options.CommitAuthorEmail),
            CancellationToken.None);
        return push.HasChanges
            ? [SessionEvents.Of(SessionEventTypes.Branch, new { branch = workspace.Branch, commit = push.Commit, remote = workspace.RepositoryUrl }, new SessionChange { Branch = workspace.Branch })]
            : [];
    }

    private async Task<SessionRunResult?> RunSetupAsync(string sessionId, AgentRun run, RunSettings settings, CancellationToken cancellationToken)
    {
        await sessions.AppendAsync(sessionId, [SessionEvents.Of(SessionEventTypes.Setup, new { commands = settings.Setup })], cancellationToken);
        var lines = new List<SessionEventDraft>();
        var setup = await agent.RunSetupAsync(
            run,
            settings.Setup,
            settings.SetupTimeout,
            (stream, line, _) =>
            {
                lock (lines)
                {
                    lines.Add(SessionEvents.Of(SessionEventTypes.Token, new { stream = $"setup:{stream}", text = line }));
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);
        if (lines.Count > 0)
        {
            await sessions.AppendAsync(sessionId, lines, CancellationToken.None);
        }

        return setup.Succeeded ? null : await FinishAsync(sessionId, SessionStatus.Errored, setup.Error!);
    }

    private async Task<SessionRunResult> FinishAsync(string sessionId, string status, string reason)
    {
        await sessions.AppendAsync(sessionId, [SessionEvents.Status(status, reason)], CancellationToken.None);
        return new SessionRunResult(SessionRunOutcome.Finished, status == SessionStatus.Errored ? reason : null);
    }

    private static string Money(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static TemplateContext Context(TriggerEvent triggerEvent, AutomationDefinition definition, string sessionId, string? branch) => new()
    {
        Event = triggerEvent,
        AutomationName = definition.Name,
        AutomationDescription = definition.Description,
        SessionId = sessionId,
        SessionBranch = branch,
    };

    /// <summary>A short name for the API: <c>owner/name</c> from a URL, else the folder name.</summary>
    public static string RepositoryName(string url)
    {
        var trimmed = url.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^4];
        }

        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : trimmed;
    }

    /// <summary>One turn: its prompt, the inbox position it takes, the agent session it resumes, and whether the workspace starts clean.</summary>
    private sealed record Turn(string Text, long? HandledSeq, string? Resume, bool FreshWorkspace);
}
