namespace Automations.Core.Definitions.Actions;

/// <summary>
/// <c>merge: { when: approved_and_green, method: squash }</c>: the engine merges the session's pull request
/// itself once it is approved, its checks passed and GitHub says it merges cleanly, naming the head commit
/// that was checked, so a push in between is never merged unseen. Absent, nothing is merged.
/// </summary>
public sealed record MergeSpec
{
    public const string ApprovedAndGreen = "approved_and_green";

    /// <summary>GitHub's <c>merge_method</c>s.</summary>
    public static readonly IReadOnlyList<string> Methods = ["merge", "squash", "rebase"];

    /// <summary>When it merges; <c>approved_and_green</c> is the one condition so far.</summary>
    public string When { get; init; } = ApprovedAndGreen;

    /// <summary><c>merge</c>, <c>squash</c> or <c>rebase</c>. Default <c>merge</c>, as GitHub's.</summary>
    public string Method { get; init; } = "merge";
}
