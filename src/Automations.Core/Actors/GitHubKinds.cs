namespace Automations.Core.Actors;

/// <summary>
/// Which GitHub events carry content that anyone may write on a public repository (an issue, a comment,
/// a pull request from a fork, a review), and where in the payload that content's author_association is.
/// Everything else (labels, assignments, closing, pushes, checks) needs triage or write access.
/// </summary>
internal static class GitHubKinds
{
    private static readonly Dictionary<string, string> EveryAction = new(StringComparer.Ordinal)
    {
        ["issue_comment"] = "comment",
        ["pull_request_review"] = "review",
        ["pull_request_review_comment"] = "comment",
        ["commit_comment"] = "comment",
        ["discussion_comment"] = "comment",
    };

    private static readonly Dictionary<string, (string Property, string[] Actions)> SomeActions = new(StringComparer.Ordinal)
    {
        ["issues"] = ("issue", ["opened", "edited", "reopened"]),
        ["pull_request"] = ("pull_request", ["opened", "edited", "reopened", "synchronize"]),
        ["discussion"] = ("discussion", ["created", "edited"]),
    };

    /// <summary>
    /// For a kind such as <c>github.issue_comment.created</c>: the payload property holding the authored
    /// object (<c>comment</c>), or null when the event needs more than read access to cause.
    /// </summary>
    public static string? AuthoredObject(string kind)
    {
        var parts = kind.Split('.');
        if (parts.Length < 2 || parts[0] != "github")
        {
            return null;
        }

        if (EveryAction.TryGetValue(parts[1], out var property))
        {
            return property;
        }

        return parts.Length == 3 && SomeActions.TryGetValue(parts[1], out var some) && some.Actions.Contains(parts[2], StringComparer.Ordinal)
            ? some.Property
            : null;
    }
}
