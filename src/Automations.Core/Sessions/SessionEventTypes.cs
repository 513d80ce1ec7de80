using System.Text.Json;

namespace Automations.Core.Sessions;

/// <summary>Session event types written by the engine.</summary>
public static class SessionEventTypes
{
    /// <summary><c>{status, reason?}</c>: the session moved; its status is the last of these.</summary>
    public const string Status = "status";

    /// <summary>
    /// <c>{seq, status, after}</c>: the session has waited for a person since the event <c>seq</c> moved it to
    /// <c>status</c>, longer than its definition's <c>escalate_after</c>: it is announced again.
    /// </summary>
    public const string Escalation = "escalation";

    /// <summary><c>{attempt, worker}</c>: a worker took the session's job.</summary>
    public const string Attempt = "attempt";

    /// <summary><c>{path, repository, base, branch}</c>: the workspace is ready.</summary>
    public const string Workspace = "workspace";

    /// <summary><c>{text}</c>: what the agent was asked.</summary>
    public const string Prompt = "prompt";

    /// <summary><c>{text, stream}</c>: output as the agent produced it; <c>stream</c> is <c>assistant</c> (its text), <c>thinking</c> (where it shows it), <c>stdout</c> or <c>stderr</c>.</summary>
    public const string Token = "token";

    /// <summary><c>{id, name, input}</c>: a tool call began.</summary>
    public const string ToolStart = "tool_start";

    /// <summary><c>{id, name, isError, output}</c>: the tool call of the same id ended.</summary>
    public const string ToolEnd = "tool_end";

    /// <summary>
    /// <c>{stream, droppedBytes}</c> for one line longer than the engine keeps, or <c>{limit}</c> once the
    /// session's stored output reached its cap: from then on its output is not stored.
    /// </summary>
    public const string Truncated = "truncated";

    /// <summary><c>{outcome, exitCode, durationMs, costUsd, turns, tokens, ...}</c>: the agent's turn ended.</summary>
    public const string MessageComplete = "message_complete";

    /// <summary><c>{activity, reason?}</c>: what the agent is doing changed.</summary>
    public const string Activity = "activity";

    /// <summary><c>{text, from}</c>: a message for the agent: a follow-up, an answer, the first instructions.</summary>
    public const string Message = "message";

    /// <summary>
    /// <c>{text, questions?}</c>: the agent asked a question; the session waits for an answer. <c>questions</c>
    /// holds its questions with choices (<see cref="StructuredQuestion"/>), <c>text</c> always a readable rendering.
    /// </summary>
    public const string Question = "question";

    /// <summary><c>{repository, repositoryUrl, base, branch, agent, concurrencyKey}</c>: what the session runs on.</summary>
    public const string Spec = "spec";

    /// <summary><c>{reason}</c>: a lock or limit holds the session back; its job waits in the queue.</summary>
    public const string Waiting = "waiting";

    /// <summary><c>{commands}</c> then its output as tokens: the definition's setup ran.</summary>
    public const string Setup = "setup";

    /// <summary>
    /// <c>{commit, built, building, ms}</c>: the workspace starts from the prebuild made at <c>commit</c>; or
    /// <c>{error}</c>: none could be laid, and its commands run as setup.
    /// </summary>
    public const string Prebuild = "prebuild";

    /// <summary><c>{branch, commit, remote}</c>: the change was pushed.</summary>
    public const string Branch = "branch";

    /// <summary><c>{reason}</c>: the run was interrupted and the job goes back to the queue.</summary>
    public const string Requeued = "requeued";

    /// <summary>
    /// <c>{key, state, result?, error?}</c>: an action's step, its ledger entry: <c>started</c> is written
    /// before the side effect, <c>done</c> (with what the provider answered) or <c>failed</c> after it.
    /// </summary>
    public const string Action = "action";

    /// <summary>
    /// <c>{kind, deliveryId, number, headSha, conclusion, ...}</c>: something happened to the session's
    /// pull request (a GitHub delivery: CI, a review, a merge).
    /// </summary>
    public const string PullRequest = "pull_request";
}
