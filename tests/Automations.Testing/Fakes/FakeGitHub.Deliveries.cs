using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes;

/// <summary>
/// Webhook deliveries about this fake's own pull requests and checks, in GitHub's shapes, so that what a
/// test posts to the engine and what the engine then reads from the API agree.
/// </summary>
public sealed partial class FakeGitHub
{
    /// <summary>The <c>pull_request</c> delivery for <paramref name="action"/> (<c>closed</c> with <paramref name="merged"/>, <c>opened</c>, ...).</summary>
    public JsonObject PullRequestEvent(string action, FakePullRequest pullRequest, bool merged = false)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var json = PullRequestJson(pullRequest, full: true);
        json["merged"] = merged;
        json["state"] = action == "closed" ? "closed" : pullRequest.State;
        json["author_association"] = "NONE";
        var delivery = Delivery(action, "pull_request", json, pullRequest.Repository, "maria-dev");
        delivery["number"] = pullRequest.Number;
        return delivery;
    }

    /// <summary>
    /// Merges <paramref name="pullRequest"/> as a fast-forward (its head commit is its merge commit) and answers
    /// the <c>pull_request</c> delivery GitHub then sends: <c>closed</c>, merged, with <c>merge_commit_sha</c>.
    /// </summary>
    public JsonObject Merge(FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        pullRequest.Merged = true;
        pullRequest.State = "closed";
        pullRequest.MergeCommitSha = BranchSha(pullRequest.Repository, pullRequest.Head) ?? pullRequest.HeadSha;
        return PullRequestEvent("closed", pullRequest, merged: true);
    }

    /// <summary>The <c>push</c> delivery of <c>git revert &lt;reverted&gt;</c> pushed to <paramref name="reference"/> by <paramref name="pusher"/>.</summary>
    public JsonObject RevertPushed(string repository, string reverted, string reference = "refs/heads/main", string pusher = "maria-dev")
    {
        var after = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"revert {reverted}")));
        var commit = new JsonObject
        {
            ["id"] = after, ["tree_id"] = MainSha, ["distinct"] = true, ["message"] = $"Revert \"{reverted[..7]}\"\n\nThis reverts commit {reverted}.",
            ["timestamp"] = Now(), ["url"] = $"https://github.example/{repository}/commit/{after}",
            ["author"] = new JsonObject { ["name"] = pusher, ["email"] = $"{pusher}@example.com", ["username"] = pusher },
            ["committer"] = new JsonObject { ["name"] = pusher, ["email"] = $"{pusher}@example.com", ["username"] = pusher },
            ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray("src/login.js"),
        };
        return new JsonObject
        {
            ["ref"] = reference, ["before"] = reverted, ["after"] = after, ["created"] = false, ["deleted"] = false, ["forced"] = false, ["base_ref"] = null,
            ["compare"] = $"https://github.example/{repository}/compare/{reverted[..12]}...{after[..12]}",
            ["commits"] = new JsonArray(commit), ["head_commit"] = commit.DeepClone(),
            ["repository"] = RepositoryJson(repository), ["pusher"] = new JsonObject { ["name"] = pusher, ["email"] = $"{pusher}@example.com" }, ["sender"] = User(pusher),
        };
    }

    /// <summary>The <c>pull_request_review</c> delivery of a submitted review by <paramref name="reviewer"/>, a member.</summary>
    public JsonObject ReviewSubmitted(FakePullRequest pullRequest, long reviewId, string state, string body, string reviewer)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var delivery = Delivery("submitted", "review", new JsonObject
        {
            ["id"] = reviewId, ["node_id"] = $"PRR_{reviewId}", ["user"] = User(reviewer), ["body"] = body, ["state"] = state, ["author_association"] = "MEMBER",
            ["commit_id"] = BranchSha(pullRequest.Repository, pullRequest.Head) ?? pullRequest.HeadSha, ["submitted_at"] = Now(),
            ["html_url"] = $"https://github.example/{pullRequest.Repository}/pull/{pullRequest.Number}#pullrequestreview-{reviewId}",
        }, pullRequest.Repository, reviewer);
        delivery["pull_request"] = PullRequestJson(pullRequest, full: false);
        return delivery;
    }

    private static JsonObject Delivery(string action, string name, JsonObject subject, string repository, string sender = "ci-bot") => new()
    {
        ["action"] = action,
        [name] = subject,
        ["repository"] = RepositoryJson(repository),
        ["sender"] = User(sender),
    };

    private static JsonObject RepositoryJson(string repository) => new()
    {
        ["id"] = Math.Abs(repository.GetHashCode(StringComparison.Ordinal)), ["node_id"] = $"R_{repository}", ["name"] = repository.Split('/')[1], ["full_name"] = repository,
        ["private"] = false, ["owner"] = User(repository.Split('/')[0]), ["html_url"] = $"https://github.example/{repository}", ["url"] = $"https://api.github.example/repos/{repository}",
        ["default_branch"] = "main", ["archived"] = false, ["fork"] = false, ["visibility"] = "public",
    };
}
