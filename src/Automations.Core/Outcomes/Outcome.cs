namespace Automations.Core.Outcomes;

/// <summary>How a session's pull request ended: the <c>outcome</c> of a session.</summary>
public static class Outcome
{
    public const string Merged = "merged";

    /// <summary>Closed without merging.</summary>
    public const string Closed = "closed";

    /// <summary>Merged, then reverted by a later push or pull request.</summary>
    public const string Reverted = "reverted";
}
