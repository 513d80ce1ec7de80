using Automations.Core.Matching;

namespace Automations.Core.Definitions;

/// <summary>One entry of <c>on:</c>: a source, the event kinds it accepts, and its <c>where</c> filter.</summary>
public sealed record TriggerSpec
{
    /// <summary><c>github</c>, <c>sentry</c>, <c>linear</c>, <c>slack</c>, ...</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Full kinds this trigger listens to, such as <c>github.issues.labeled</c>, or a kind prefix such as
    /// <c>github.issues</c> that accepts every action of the event.
    /// </summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    public WhereFilter Where { get; init; } = WhereFilter.Always;
}
