using Automations.Core.Definitions;
using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>A session to create with its job, in the delivery's transaction.</summary>
public sealed record NewSession(string Id, string Automation, string Kind, string? Repository)
{
    /// <summary>The automation's concurrency key for this event, when it has one.</summary>
    public string? ConcurrencyKey { get; init; }

    /// <summary>
    /// The key's holder skips the session (<c>on_conflict: skip</c>): when a live session holds the key as the
    /// delivery is recorded, the session is recorded as skipped, with the reason, and gets no job.
    /// </summary>
    public bool SkipWhenHeld { get; init; }

    /// <summary>The repository, path and commit of the definition it runs under.</summary>
    public DefinitionOrigin? Definition { get; init; }

    /// <summary>The GitHub issue or pull request the event is about, <c>owner/name#number</c>: comments there steer the session.</summary>
    public string? Subject { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the delivery's span, stored with the job (<see cref="Sessions.SessionJob.TraceParent"/>).</summary>
    public string? TraceParent { get; init; }
}
