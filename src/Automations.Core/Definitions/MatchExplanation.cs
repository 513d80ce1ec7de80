namespace Automations.Core.Definitions;

/// <summary>Whether one definition matched an event, and why or why not.</summary>
public sealed record MatchExplanation
{
    public required string Name { get; init; }

    public required string SourceFile { get; init; }

    public required bool Matched { get; init; }

    /// <summary>
    /// Such as <c>matched on github.issues.labeled</c>, <c>disabled</c>, <c>no trigger for github.push</c> or
    /// <c>payload.label.name is 'bug', wanted 'autofix'</c>.
    /// </summary>
    public required string Reason { get; init; }

    public override string ToString() => $"{Name}: {Reason}";
}
