using Automations.Core.Sessions;

namespace Automations.Core.Definitions.Actions;

/// <summary>The moments a <c>notify:</c> route can name.</summary>
public static class NotifyWhen
{
    /// <summary>The agent asked a question and waits for an answer.</summary>
    public const string NeedsInput = "needs_input";

    /// <summary>The session's worker stopped answering.</summary>
    public const string Stuck = "stuck";

    /// <summary>A follow-up (CI, review, conflicts) found its retries used up.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    public const string Errored = "errored";

    /// <summary>The pull request is approved and its checks passed: the session is <c>mergeable</c>.</summary>
    public const string ApprovedAndGreen = "approved_and_green";

    public static readonly IReadOnlyList<string> All = [NeedsInput, Stuck, RetriesExhausted, Errored, ApprovedAndGreen];

    /// <summary>The statuses in which a session waits for a person: <c>escalate_after</c> announces them again.</summary>
    public static readonly IReadOnlyList<string> Waiting = [SessionStatus.NeedsInput, SessionStatus.Stuck, SessionStatus.Mergeable];

    /// <summary>The moment a session's moving to <paramref name="status"/> is, or null when it is none.</summary>
    public static string? OfStatus(string? status) => status switch
    {
        SessionStatus.NeedsInput => NeedsInput,
        SessionStatus.Stuck => Stuck,
        SessionStatus.Errored => Errored,
        SessionStatus.Mergeable => ApprovedAndGreen,
        _ => null,
    };
}
