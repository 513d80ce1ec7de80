using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Observability;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Work;

/// <summary>
/// One agent turn: the workspace (a clean checkout for the first turn, the session's own after), the
/// prompt, the prebuild and setup commands, the agent with its output recorded as it comes, then the commit and push.
/// </summary>
internal sealed class TurnRunner(
    ISessionStore sessions,
    IWorkspaceProvider workspaces,
    IAgentRuntime agent,
    ISourceControl sourceControl,
    SessionRunnerOptions options,
    TimeProvider time,
    IPrebuilds? prebuilds = null)
{
    /// <summary>What a resumed agent is told when a crash or a stop cut its turn short.</summary>
    public const string ContinuePrompt = "Your previous turn was interrupted before it finished. Continue the task where you left off.";

    /// <summary>True when the session's last prompt has no end after it other than a cancellation: a crash or a stop cut the turn short.</summary>
    public static bool IsOpen(IReadOnlyList<SessionEvent> all, out SessionEvent? lastPrompt)
    {
        lastPrompt = all.LastOrDefault(e => e.Type == SessionEventTypes.Prompt);
        var prompt = lastPrompt;
        return prompt is not null && !all.Any(e => e.Seq > prompt.Seq && e.Type == SessionEventTypes.MessageComplete
            && e.Data.TryGetProperty("outcome", out var outcome) && outcome.GetString() != "canceled");
    }

    /// <summary>
    /// What the next turn says: the waiting messages, joined; or, when a turn was cut short (the session is
    /// still <c>working</c>, or <c>stuck</c>), a resume of the agent's session, or the last prompt again for
    /// agents that cannot resume. Null when there is nothing to do.
    /// </summary>
    public async Task<Turn?> NextAsync(SessionRun run, CancellationToken cancellationToken)
    {
        var session = run.Session;
        var all = await run.EventsAsync(cancellationToken);
        if (session.HasPendingMessages)
        {
            var messages = all.Where(e => e.Type == SessionEventTypes.Message && e.Seq > session.HandledSeq && e.Seq <= session.InboxSeq).ToList();
            var text = string.Join("\n\n", messages.Select(m => m.Data.GetProperty("text").GetString()));
            var first = session.HandledSeq == 0;
            return new Turn(text, session.InboxSeq, Resume: first ? null : session.AgentSessionId, FreshWorkspace: first);
        }

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
    public async Task<SessionRunResult?> RunAsync(SessionRun run, Turn turn, string? definedAgent, RunSettings settings, CancellationToken stopping)
    {
        using var span = Telemetry.StartTurn(run.Session, run.Session.Agent ?? definedAgent ?? "default");
        var result = await RunTurnAsync(run, turn, definedAgent, settings, stopping);
        span?.SetTag("automations.session.status", run.Session.Status);
        return result;
    }

    private async Task<SessionRunResult?> RunTurnAsync(SessionRun run, Turn turn, string? definedAgent, RunSettings settings, CancellationToken stopping)
    {
        var session = run.Session;
        if (settings.MaxCostUsd is { } budget && session.CostUsd >= budget)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, $"the session has spent ${Money(session.CostUsd)} of its ${Money(budget)} budget (agent.max_cost_usd); no agent was started");
        }

        var branch = session.Branch!;
        var agentName = session.Agent ?? definedAgent ?? "default";

        // Checkpoint: the first turn starts from a clean checkout of the base; later turns keep the session's work.
        var freshness = await TurnFreshness.OfAsync(run, turn, stopping);
        var workspace = await workspaces.PrepareAsync(new WorkspaceRequest(session.Id, session.RepositoryUrl!, session.Base ?? "main", branch) { Reuse = !turn.FreshWorkspace, Freshness = freshness }, stopping);
        var drafts = new List<SessionEventDraft>();
        if (turn.FreshWorkspace)
        {
            drafts.Add(SessionEvents.Of(SessionEventTypes.Workspace, new { path = workspace.Path, repository = RepositoryLocation.WithoutUserInfo(session.RepositoryUrl!), @base = session.Base, baseCommit = workspace.BaseCommit, branch, fetched = workspace.Fetched }));
        }

        // Whether the agent runs sandboxed is on every prompt, and on the session: an unsandboxed one says so.
        var sandbox = agent.SandboxOf(agentName);
        drafts.Add(SessionEvents.Of(
            SessionEventTypes.Prompt,
            new { text = turn.Text, resume = turn.Resume is not null, sandbox = new { confined = sandbox.Confined, description = sandbox.Description } },
            new SessionChange { HandledSeq = turn.HandledSeq, Question = string.Empty, Sandboxed = sandbox.Confined }));
        drafts.Add(SessionEvents.Status(SessionStatus.Working, sandbox.Confined ? $"agent '{agentName}' started" : $"agent '{agentName}' started unsandboxed ({sandbox.Description})"));
        if (!await run.AppendUnlessEndedAsync(drafts, stopping))
        {
            // A stop from another instance landed while the workspace was made: it stands, and no agent starts.
            return SessionRunResult.Finished;
        }

        var agentRun = new AgentRun
        {
            SessionId = session.Id,
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
            MaxCostUsd = settings.MaxCostUsd is { } max ? Math.Max(0, max - session.CostUsd) : null,
        };
        var setup = turn.FreshWorkspace ? await TurnPrebuild.StartAsync(prebuilds, run, workspace, agentName, settings, time, stopping) : Array.Empty<string>();
        if (setup.Count > 0 && await RunSetupAsync(run, agentRun, setup, settings.SetupTimeout, stopping) is { } setupFailed)
        {
            return setupFailed;
        }

        AgentResult result;
        TurnRecorder recorder;
        await using (recorder = new TurnRecorder(sessions, session.Id, options.OutputFlushInterval, options.IdleAfter, time, options.MaxSessionOutputBytes, session.OutputBytes))
        {
            result = await agent.RunAsync(agentRun, recorder.OnEventAsync, stopping);
            recorder.Exited();
        }

        Telemetry.AgentReported(session.Automation, recorder.Report?.CostUsd, recorder.Report?.Usage ?? AgentUsage.None);
        Activity.Current?.SetTag("automations.agent.outcome", result.Outcome.ToString()).SetTag("automations.agent.exit_code", result.ExitCode);

        // The recorder's appends moved the session too: this append answers the projection with all of them.
        var after = await run.AppendAsync([Complete(result, recorder)], CancellationToken.None);
        if (result.Outcome == AgentOutcome.Canceled)
        {
            // A person's stop already wrote `killed`; the engine's stop gives the job back.
            return SessionStatus.IsTerminal(after.Status)
                ? SessionRunResult.Finished
                : new SessionRunResult(SessionRunOutcome.Interrupted, "the agent was stopped before it finished");
        }

        if (result.Outcome is AgentOutcome.TimedOut or AgentOutcome.Failed && recorder.Question is null)
        {
            return await SessionRunner.FinishAsync(run, SessionStatus.Errored, recorder.Explain(result.Error ?? "the agent failed"));
        }

        var pushed = await PushAsync(run, workspace);
        var overBudget = settings.MaxCostUsd is { } limit && after.CostUsd > limit;
        if (RestOf(overBudget, settings, after, recorder) is { } rest)
        {
            if (!await run.AppendUnlessEndedAsync([.. pushed, rest], CancellationToken.None))
            {
                // A stop from another instance landed as the turn ended: it stands, and what the agent pushed is kept.
                if (pushed.Count > 0)
                {
                    await run.AppendAsync(pushed, CancellationToken.None);
                }

                return SessionRunResult.Finished;
            }

            return overBudget ? new SessionRunResult(SessionRunOutcome.Finished, "over budget")
                : run.Session.InboxSeq > (turn.HandledSeq ?? run.Session.HandledSeq) ? null : SessionRunResult.Finished;
        }

        // The session stays working until it settles: a message that came in meanwhile is the next turn,
        // else the actions run and decide the status it rests in.
        await run.AppendAsync(pushed, CancellationToken.None);
        return null;
    }

    /// <summary>The status a turn's end puts the session in by itself: errored past its budget, or waiting on its agent's question; else null, and the actions decide.</summary>
    private static SessionEventDraft? RestOf(bool overBudget, RunSettings settings, Session after, TurnRecorder recorder) =>
        overBudget
            ? SessionEvents.Status(SessionStatus.Errored, $"stopped: the session spent ${Money(after.CostUsd)}, past its budget of ${Money(settings.MaxCostUsd!.Value, "0.##")} (agent.max_cost_usd)")
            : recorder.Question is { } question
                ? new SessionEventDraft(
                    SessionEventTypes.Status,
                    JsonSerializer.SerializeToElement(new { status = SessionStatus.NeedsInput, reason = "the agent asked a question", question, questions = recorder.Questions }, EventJson.Options),
                    new SessionChange { Status = SessionStatus.NeedsInput, Question = question })
                : null;

    /// <summary>Commits what the agent left and pushes the session's branch: a branch event when the branch holds a change.</summary>
    public async Task<List<SessionEventDraft>> PushAsync(SessionRun run, Workspace workspace)
    {
        var session = run.Session;

        // Checkpoint: the push is forced to the session's own branch, so pushing again after a crash is harmless.
        var push = await sourceControl.CommitAndPushAsync(
            workspace,
            new CommitInfo($"{session.Automation}: session {session.Id}\n\nAutomation '{session.Automation}', triggered by {session.Trigger.Kind} ({session.Trigger.DeliveryId}).", options.CommitAuthorName, options.CommitAuthorEmail),
            CancellationToken.None);
        return push.HasChanges
            ? [SessionEvents.Of(SessionEventTypes.Branch, new { branch = workspace.Branch, commit = push.Commit, remote = RepositoryLocation.WithoutUserInfo(workspace.RepositoryUrl) }, new SessionChange { Branch = workspace.Branch })]
            : [];
    }

    private static SessionEventDraft Complete(AgentResult result, TurnRecorder recorder)
    {
        var report = recorder.Report;
        var agentSessionId = result.AgentSessionId ?? recorder.AgentSessionId;
        return SessionEvents.Of(
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
            });
    }

    private async Task<SessionRunResult?> RunSetupAsync(SessionRun run, AgentRun agentRun, IReadOnlyList<string> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await run.AppendAsync([SessionEvents.Of(SessionEventTypes.Setup, new { commands })], cancellationToken);
        var lines = new List<SessionEventDraft>();
        var setup = await agent.RunSetupAsync(
            agentRun,
            commands,
            timeout,
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
            await run.AppendAsync(lines, CancellationToken.None);
        }

        return setup.Succeeded ? null : await SessionRunner.FinishAsync(run, SessionStatus.Errored, setup.Error!);
    }

    private static string Money(decimal value, string format = "0.####") => value.ToString(format, CultureInfo.InvariantCulture);
}
