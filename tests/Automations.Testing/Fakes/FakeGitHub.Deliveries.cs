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
        ["default_branch"] = "main",
    };
}
