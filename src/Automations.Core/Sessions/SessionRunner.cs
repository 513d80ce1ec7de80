using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Templates;

namespace Automations.Core.Sessions;

/// <summary>
/// Runs one leased session job to its end: workspace, prompt, agent, commit and push, each step an
/// appended session event. The job is delivered at least once, so every step may run again after a
/// crash; the checkpoints below say why running it again is safe.
/// </summary>
public sealed class SessionRunner(
    ISessionStore sessions,
    IDeliveryStore deliveries,
    IDefinitionCatalog definitions,
    IWorkspaceProvider workspaces,
    IAgentRuntime agent,
    ISourceControl sourceControl,
    SessionRunnerOptions options,
    TimeProvider time)
{
    /// <summary>The branch of a session: <c>automations/&lt;automation&gt;/&lt;session-id&gt;</c>.</summary>
    public static string BranchOf(string automation, string sessionId) => $"automations/{automation}/{sessionId}";

    /// <summary>
    /// Runs the job. <paramref name="stopping"/> is the engine's stop: it interrupts the agent and the job
    /// goes back to the queue. Failures outside the agent come back as <see cref="SessionRunOutcome.Retry"/>.
    /// </summary>
    public async Task<(SessionRunOutcome Outcome, string? Error)> RunAsync(SessionJob job, int attempt, string workerId, CancellationToken stopping)
    {
        var sessionId = job.SessionId;
        var session = await sessions.GetAsync(sessionId, stopping);
        if (session is null)
        {
            return (SessionRunOutcome.Finished, $"session {sessionId} does not exist");
        }

        // Checkpoint: the session already reached its end on an earlier attempt whose job completion was lost.
        if (SessionStatus.IsTerminal(session.Status))
        {
            return (SessionRunOutcome.Finished, null);
        }

        await sessions.AppendAsync(sessionId, [SessionEvents.Of(SessionEventTypes.Attempt, new { attempt, worker = workerId })], stopping);

        var definition = definitions.Current.Find(job.Automation);
        if (definition is null)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, $"automation '{job.Automation}' is no longer defined");
        }

        var triggerEvent = await deliveries.GetEventAsync(job.Source, job.DeliveryId, stopping);
        if (triggerEvent is null)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, $"delivery {job.Source}/{job.DeliveryId} has no stored event");
        }

        var branch = BranchOf(definition.Name, sessionId);
        var context = new TemplateContext
        {
            Event = triggerEvent,
            AutomationName = definition.Name,
            AutomationDescription = definition.Description,
            SessionId = sessionId,
            SessionBranch = branch,
        };

        var repository = TemplateRenderer.Shared.Render(definition.Repository, context);
        var instructions = TemplateRenderer.Shared.Render(definition.Instructions, context);
        if ((repository.Error ?? instructions.Error) is { } templateError)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, templateError);
        }

        string repositoryUrl;
        try
        {
            var definitionDirectory = Path.GetDirectoryName(Path.GetFullPath(definition.SourceFile)) ?? ".";
            repositoryUrl = RepositoryLocation.Resolve(repository.Text!.Trim(), options.GitUrl, definitionDirectory);
        }
        catch (ArgumentException ex)
        {
            return await FinishAsync(sessionId, SessionStatus.Errored, ex.Message);
        }

        var prompt = instructions.Text!;

        // Checkpoint: a fresh clone every attempt; what an interrupted attempt left in the workspace is discarded.
        var workspace = await workspaces.PrepareAsync(new WorkspaceRequest(sessionId, repositoryUrl, definition.Base, branch), stopping);
        await sessions.AppendAsync(
            sessionId,
            [
                SessionEvents.Of(SessionEventTypes.Workspace, new { path = workspace.Path, repository = repositoryUrl, @base = definition.Base, baseCommit = workspace.BaseCommit, branch }, new SessionChange { Repository = RepositoryName(repositoryUrl) }),
                SessionEvents.Of(SessionEventTypes.Prompt, new { text = prompt }),
                SessionEvents.Status(SessionStatus.Working, $"agent '{definition.Agent.Use}' started"),
            ],
            stopping);

        AgentResult result;
        await using (var output = new OutputBuffer(sessions, sessionId, options.OutputFlushInterval, time))
        {
            result = await agent.RunAsync(
                new AgentRun
                {
                    SessionId = sessionId,
                    Agent = definition.Agent.Use,
                    WorkingDirectory = workspace.Path,
                    HomeDirectory = workspace.HomeDirectory,
                    SessionDirectory = workspace.SessionDirectory,
                    Prompt = prompt,
                    Timeout = definition.Agent.Timeout,
                    Model = definition.Agent.Model,
                    MaxTurns = definition.Agent.MaxTurns,
                },
                (o, _) =>
                {
                    output.Add(o);
                    return ValueTask.CompletedTask;
                },
                stopping);
        }

        await sessions.AppendAsync(
            sessionId,
            [SessionEvents.Of(SessionEventTypes.MessageComplete, new { outcome = result.Outcome.ToString().ToLowerInvariant(), exitCode = result.ExitCode, durationMs = (long)result.Duration.TotalMilliseconds, error = result.Error })],
            CancellationToken.None);

        switch (result.Outcome)
        {
            case AgentOutcome.Canceled:
                return (SessionRunOutcome.Interrupted, "the agent was stopped before it finished");
            case AgentOutcome.TimedOut or AgentOutcome.Failed:
                return await FinishAsync(sessionId, SessionStatus.Errored, result.Error ?? "the agent failed");
        }

        // Checkpoint: the push is forced to the session's own branch, so pushing again after a crash is harmless.
        var push = await sourceControl.CommitAndPushAsync(
            workspace,
            new CommitInfo($"{definition.Name}: session {sessionId}\n\nAutomation '{definition.Name}', triggered by {triggerEvent.Kind} ({triggerEvent.DeliveryId}).", options.CommitAuthorName, options.CommitAuthorEmail),
            CancellationToken.None);
        if (!push.HasChanges)
        {
            return await FinishAsync(sessionId, SessionStatus.Done, "the agent changed nothing; no branch was pushed");
        }

        await sessions.AppendAsync(
            sessionId,
            [
                SessionEvents.Of(SessionEventTypes.Branch, new { branch, commit = push.Commit, remote = repositoryUrl }, new SessionChange { Branch = branch }),
                SessionEvents.Status(SessionStatus.Done),
            ],
            CancellationToken.None);
        return (SessionRunOutcome.Finished, null);
    }

    /// <summary>Records that the job is dead after its last attempt.</summary>
    public Task GiveUpAsync(string sessionId, int attempts, string error, CancellationToken cancellationToken) =>
        sessions.AppendAsync(sessionId, [SessionEvents.Status(SessionStatus.Errored, $"gave up after {attempts} attempt(s): {error}")], cancellationToken);

    /// <summary>Records that the run was cut short and its job goes back to the queue.</summary>
    public Task RecordRequeueAsync(string sessionId, string reason, CancellationToken cancellationToken) =>
        sessions.AppendAsync(sessionId, [SessionEvents.Of(SessionEventTypes.Requeued, new { reason })], cancellationToken);

    /// <summary>Records a failed attempt that will be retried.</summary>
    public Task RecordRetryAsync(string sessionId, int attempt, string error, CancellationToken cancellationToken) =>
        sessions.AppendAsync(sessionId, [SessionEvents.Of("attempt_failed", new { attempt, error })], cancellationToken);

    private async Task<(SessionRunOutcome, string?)> FinishAsync(string sessionId, string status, string reason)
    {
        await sessions.AppendAsync(sessionId, [SessionEvents.Status(status, reason)], CancellationToken.None);
        return (SessionRunOutcome.Finished, status == SessionStatus.Errored ? reason : null);
    }

    /// <summary>A short name for the API: <c>owner/name</c> from a URL, else the folder name.</summary>
    private static string RepositoryName(string url)
    {
        var trimmed = url.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^4];
        }

        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : trimmed;
    }
}
