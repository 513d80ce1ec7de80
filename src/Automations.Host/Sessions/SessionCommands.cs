using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Automations.Host.Workers;
using Microsoft.Extensions.Options;

namespace Automations.Host.Sessions;

/// <summary>
/// What people do to sessions (CONTRACT.md, "HTTP"): start one by hand, send a message (an answer or a
/// follow-up), stop, resume, clone and delete. A message is appended and its job made runnable in one
/// transaction, so it is never stranded; the agent's own session is resumed by the run that takes it.
/// </summary>
public sealed class SessionCommands(
    ISessionStore sessions,
    IWorkspaceProvider workspaces,
    RunningSessions running,
    WorkSignal signal,
    IOptions<AutomationsOptions> options,
    TimeProvider time)
{
    /// <summary>The automation name of sessions started by hand.</summary>
    public const string ManualAutomation = "manual";

    /// <summary>How long a stop waits for the agent's process group to be gone.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private const string ResumePrompt = "Continue the task where you left off.";

    public async Task<SessionCommandResult> CreateAsync(string? repository, string? prompt, string? agent, string? @base, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repository) || string.IsNullOrWhiteSpace(prompt) || string.IsNullOrWhiteSpace(agent))
        {
            return SessionCommandResult.Invalid("Send {repository, prompt, agent}: all three are required (base is optional, default main).");
        }

        var agents = options.Value.Agents;
        if (!agents.ContainsKey(agent))
        {
            return SessionCommandResult.Invalid($"No agent named '{agent}' is configured; configured agents: {(agents.Count == 0 ? "none" : string.Join(", ", agents.Keys.Order(StringComparer.Ordinal)))}.");
        }

        string url;
        try
        {
            url = RepositoryLocation.Resolve(repository, options.Value.GitHub.GitUrl, Directory.GetCurrentDirectory());
        }
        catch (ArgumentException ex)
        {
            return SessionCommandResult.Invalid(ex.Message);
        }

        var id = SessionIds.New(time);
        var seed = new SessionSeed
        {
            Id = id,
            Automation = ManualAutomation,
            Trigger = new SessionTrigger("api", "api.session", id),
            Repository = SessionRunner.RepositoryName(url, options.Value.GitHub.GitUrl),
            RepositoryUrl = url,
            Base = string.IsNullOrWhiteSpace(@base) ? "main" : @base.Trim(),
            Branch = SessionRunner.BranchOf(ManualAutomation, id),
            Agent = agent,
        };
        await sessions.CreateAsync(seed, [Status(SessionStatus.Queued, "created by hand"), Message(prompt, "api")], cancellationToken);
        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status201Created, Body: await sessions.GetAsync(id, cancellationToken));
    }

    /// <summary>An answer to the agent's question, or a follow-up turn; a follow-up restores an ended session.</summary>
    public Task<SessionCommandResult> PostMessageAsync(string id, string? text, string from, CancellationToken cancellationToken) =>
        PostMessageAsync(id, text, from, question: null, cancellationToken);

    /// <summary>
    /// A message from <paramref name="from"/> (<c>api</c>, <c>console</c>, <c>slack:U…</c>, <c>github:login</c>,
    /// <c>linear</c>): the answer to the open question, taken once whichever surface sends it first, or a follow-up
    /// turn. With <paramref name="question"/> (the sequence number of the question it answers) it is an answer or
    /// nothing: a question already answered is a 409 that says where it was answered. <paramref name="reference"/>
    /// names the message where it came from (a Linear activity id): the same reference again is taken once.
    /// <paramref name="reply"/> says the surface knows the message replies to the agent's latest question (a reply
    /// under Linear's elicitation): when another surface answered it and the session has not come to rest since,
    /// it is the losing answer too, not a follow-up. <paramref name="writtenAt"/> is when the surface says the
    /// person wrote it (a Slack reply's <c>ts</c>): written before another surface's answer was taken, it is the
    /// losing answer too, whatever the session did since.
    /// </summary>
    public async Task<SessionCommandResult> PostMessageAsync(
        string id, string? text, string from, long? question, CancellationToken cancellationToken, string? reference = null, bool reply = false, DateTimeOffset? writtenAt = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SessionCommandResult.Invalid("Send {text}: the message for the agent.");
        }

        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionCommandResult.NotFound(id);
        }

        if (session.Status == SessionStatus.Merged)
        {
            return SessionCommandResult.Conflict($"Session {id} is merged: it is final. Clone it to start again.");
        }

        if (reference is not null && await HasMessageAsync(id, reference, cancellationToken))
        {
            return new SessionCommandResult(StatusCodes.Status200OK, Body: new { session = id, duplicate = true });
        }

        if (question is not null || session.Status == SessionStatus.NeedsInput)
        {
            return await AnswerAsync(session, question ?? await OpenQuestionAsync(session, cancellationToken), text, from, reference, cancellationToken);
        }

        if ((writtenAt is not null || reply && session.Status is SessionStatus.Queued or SessionStatus.Spawning or SessionStatus.Working)
            && await LatestAnswerAsync(id, cancellationToken) is { } answer && (writtenAt is not { } written || written <= answer.At))
        {
            return SessionCommandResult.Conflict(AlreadyAnswered(answer));
        }

        var drafts = new List<SessionEventDraft> { Message(text, from, reference) };
        if (SessionStatus.IsTerminal(session.Status))
        {
            drafts.Add(Status(SessionStatus.Queued, $"restored from {session.Status} by a message"));
        }

        var seq = await sessions.PostAsync(id, drafts, cancellationToken);
        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status202Accepted, Body: new { session = id, seq, queued = session.Status is SessionStatus.Working });
    }

    /// <summary>The sequence number of the question the session waits on (its last status event, <c>needs_input</c>), or null.</summary>
    public async Task<long?> OpenQuestionAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var last = await sessions.GetEventsBeforeAsync(session.Id, session.LastSeq + 1, 1, [SessionEventTypes.Status], cancellationToken);
        return last is [{ } status] && status.Data.TryGetProperty("status", out var name) && name.GetString() == SessionStatus.NeedsInput ? status.Seq : null;
    }

    /// <summary>The answer, when the question is still open: of two at once, the store takes one; the other is told where the first came from.</summary>
    private async Task<SessionCommandResult> AnswerAsync(Session session, long? question, string text, string from, string? reference, CancellationToken cancellationToken)
    {
        var answered = question is { } seq
            ? await sessions.AnswerAsync(session.Id, seq, [Message(text, from, reference), Status(SessionStatus.Queued, $"answered from {from}")], cancellationToken)
            : null;
        if (answered is null)
        {
            // No question left open: when it was read as open, another surface's answer was taken in between.
            var first = question is { } asked
                ? (await sessions.GetEventPageAsync(session.Id, asked, 1, [SessionEventTypes.Message], cancellationToken)).FirstOrDefault()
                : await LatestAnswerAsync(session.Id, cancellationToken);
            return SessionCommandResult.Conflict(first is null ? $"Session {session.Id} has no open question to answer: it is {session.Status}." : AlreadyAnswered(first));
        }

        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status202Accepted, Body: new { session = session.Id, seq = answered.LastSeq, queued = false, answered = true });
    }

    /// <summary>The first message after the session's latest question, which answered it; null when it is unanswered or there is none.</summary>
    private async Task<SessionEvent?> LatestAnswerAsync(string id, CancellationToken cancellationToken)
    {
        var latest = await sessions.GetEventsBeforeAsync(id, long.MaxValue, 50, [SessionEventTypes.Question, SessionEventTypes.Message], cancellationToken);
        var question = latest.LastOrDefault(e => e.Type == SessionEventTypes.Question);
        return question is null ? null : latest.FirstOrDefault(e => e.Type == SessionEventTypes.Message && e.Seq > question.Seq);
    }

    /// <summary>What the losing answer's surface is told: where the answer the agent got came from.</summary>
    private static string AlreadyAnswered(SessionEvent answer) =>
        $"The question was already answered, from {(answer.Data.TryGetProperty("from", out var by) ? by.GetString() : null) ?? "another surface"}; this answer was not given to the agent.";

    private async Task<bool> HasMessageAsync(string id, string reference, CancellationToken cancellationToken) =>
        (await sessions.GetEventPageAsync(id, 0, int.MaxValue, [SessionEventTypes.Message], cancellationToken))
            .Any(e => e.Data.TryGetProperty("ref", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String && r.GetString() == reference);

    public async Task<SessionCommandResult> StopAsync(string id, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionCommandResult.NotFound(id);
        }

        if (SessionStatus.IsTerminal(session.Status))
        {
            return SessionCommandResult.Conflict($"Session {id} has already ended ({session.Status}).");
        }

        // The status comes first: the run that ends next sees `killed` and does not overwrite it. The job wakes
        // (or runs once more when its run ends), and settles the stopped session: its Slack thread and check run are told.
        await sessions.PostAsync(id, [Status(SessionStatus.Killed, "stopped by a person")], cancellationToken);
        var here = await running.StopAsync(id, StopTimeout, cancellationToken);
        return new SessionCommandResult(StatusCodes.Status200OK, Body: new { session = await sessions.GetAsync(id, cancellationToken), stoppedHere = here });
    }

    public async Task<SessionCommandResult> ResumeAsync(string id, string? text, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionCommandResult.NotFound(id);
        }

        if (!SessionStatus.CanRestore(session.Status) && session.Status != SessionStatus.Stuck)
        {
            return SessionCommandResult.Conflict(session.Status == SessionStatus.Merged
                ? $"Session {id} is merged: it is final."
                : $"Session {id} is {session.Status}: only ended sessions (other than merged) and stuck ones can be resumed.");
        }

        await sessions.PostAsync(id, [Message(string.IsNullOrWhiteSpace(text) ? ResumePrompt : text, "resume"), Status(SessionStatus.Queued, $"resumed from {session.Status}")], cancellationToken);
        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status202Accepted, Body: await sessions.GetAsync(id, cancellationToken));
    }

    public async Task<SessionCommandResult> CloneAsync(string id, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionCommandResult.NotFound(id);
        }

        var first = (await sessions.GetEventPageAsync(id, 0, 1, [SessionEventTypes.Message], cancellationToken)).FirstOrDefault();
        if (session.RepositoryUrl is null || first is null)
        {
            return SessionCommandResult.Conflict($"Session {id} has not started yet: there is nothing to clone.");
        }

        var cloneId = SessionIds.New(time);
        var seed = new SessionSeed
        {
            Id = cloneId,
            Automation = session.Automation,
            Trigger = session.Trigger,
            Repository = session.Repository ?? SessionRunner.RepositoryName(session.RepositoryUrl),
            RepositoryUrl = session.RepositoryUrl,
            Base = session.Base ?? "main",
            Branch = SessionRunner.BranchOf(session.Automation, cloneId),
            Agent = session.Agent ?? "default",
        };
        await sessions.CreateAsync(seed, [Status(SessionStatus.Queued, $"cloned from {id}"), Message(first.Data.GetProperty("text").GetString() ?? string.Empty, "clone")], cancellationToken);
        signal.Notify();
        return new SessionCommandResult(StatusCodes.Status201Created, Body: await sessions.GetAsync(cloneId, cancellationToken));
    }

    public async Task<SessionCommandResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(id, cancellationToken);
        if (session is null)
        {
            return SessionCommandResult.NotFound(id);
        }

        if (!SessionStatus.IsTerminal(session.Status))
        {
            await sessions.AppendAsync(id, [Status(SessionStatus.Killed, "deleted")], cancellationToken);
        }

        await running.StopAsync(id, StopTimeout, cancellationToken);
        await workspaces.RemoveAsync(id, cancellationToken);
        await sessions.DeleteAsync(id, cancellationToken);
        return new SessionCommandResult(StatusCodes.Status204NoContent);
    }

    private static SessionEventDraft Message(string text, string from, string? reference = null) =>
        new(
            SessionEventTypes.Message,
            reference is null ? System.Text.Json.JsonSerializer.SerializeToElement(new { text, from }) : System.Text.Json.JsonSerializer.SerializeToElement(new { text, from, @ref = reference }),
            new SessionChange { IsMessage = true });

    private static SessionEventDraft Status(string status, string reason) =>
        new(SessionEventTypes.Status, System.Text.Json.JsonSerializer.SerializeToElement(new { status, reason }), new SessionChange { Status = status });
}
