using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Sources.GitHub;

/// <summary>
/// The commit a GitHub delivery says a branch of its own repository is at: a push's <c>after</c>, a pull
/// request's head, a workflow run's head. Only a branch of the delivery's repository counts: a pull request or a
/// run from a fork names the fork's branch, which says nothing about the repository's own.
/// </summary>
/// <param name="Repository"><c>owner/name</c>.</param>
/// <param name="Branch">The branch, without <c>refs/heads/</c>.</param>
/// <param name="Commit">Its commit.</param>
/// <param name="IsPush">A push: the branch moved to <paramref name="Commit"/>.</param>
public sealed record BranchHead(string Repository, string Branch, string Commit, bool IsPush)
{
    private const string Heads = "refs/heads/";

    /// <summary>
    /// The branch head the delivery names; null for other deliveries, a push to a tag or one that deletes its branch,
    /// or fields not of the types GitHub sends (a commit is 40 hexadecimal digits, or 64 in a SHA-256 repository).
    /// </summary>
    public static BranchHead? Of(TriggerEvent triggerEvent)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        var payload = triggerEvent.Payload;
        if (triggerEvent.Source != "github" || payload.ValueKind != JsonValueKind.Object || payload.At("repository", "full_name").AsString() is not { } repository)
        {
            return null;
        }

        var kind = triggerEvent.Kind;
        if (kind == "github.push")
        {
            return payload.Child("ref").AsString() is { } reference && reference.StartsWith(Heads, StringComparison.Ordinal)
                ? Named(repository, reference[Heads.Length..], payload.Child("after").AsString(), isPush: true)
                : null;
        }

        if (kind.StartsWith("github.pull_request.", StringComparison.Ordinal))
        {
            var head = payload.At("pull_request", "head");
            return head.At("repo", "full_name").AsString() == repository ? Named(repository, head.Child("ref").AsString(), head.Child("sha").AsString(), isPush: false) : null;
        }

        if (kind.StartsWith("github.workflow_run.", StringComparison.Ordinal))
        {
            var run = payload.Child("workflow_run");
            return run.At("head_repository", "full_name").AsString() == repository ? Named(repository, run.Child("head_branch").AsString(), run.Child("head_sha").AsString(), isPush: false) : null;
        }

        return null;
    }

    private static BranchHead? Named(string repository, string? branch, string? commit, bool isPush) =>
        branch is { Length: > 0 } && commit is { Length: 40 or 64 } && commit.All(char.IsAsciiHexDigit) && commit.Any(c => c != '0')
            ? new BranchHead(repository, branch, commit.ToLowerInvariant(), isPush)
            : null;
}
