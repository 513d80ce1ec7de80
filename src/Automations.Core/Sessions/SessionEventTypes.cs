using System.Text.Json;

namespace Automations.Core.Sessions;

/// <summary>Session event types written by the engine.</summary>
public static class SessionEventTypes
{
    /// <summary><c>{status, reason?}</c>: the session moved; its status is the last of these.</summary>
    public const string Status = "status";

    /// <summary><c>{attempt, worker}</c>: a worker took the session's job.</summary>
    public const string Attempt = "attempt";

    /// <summary><c>{path, repository, base, branch}</c>: the workspace is ready.</summary>
    public const string Workspace = "workspace";

    /// <summary><c>{text}</c>: what the agent was asked.</summary>
    public const string Prompt = "prompt";

    /// <summary><c>{text, stream}</c>: output as the agent produced it.</summary>
    public const string Token = "token";

    /// <summary><c>{exitCode, durationMs}</c>: the agent's turn ended.</summary>
    public const string MessageComplete = "message_complete";

    /// <summary><c>{branch, commit, remote}</c>: the change was pushed.</summary>
    public const string Branch = "branch";

    /// <summary><c>{reason}</c>: the run was interrupted and the job goes back to the queue.</summary>
    public const string Requeued = "requeued";
}
