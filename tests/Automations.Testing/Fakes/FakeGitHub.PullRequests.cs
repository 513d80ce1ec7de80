using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes;

public sealed partial class FakeGitHub
{
    /// <summary>
    /// <c>POST /repos/{owner}/{name}/pulls</c> as GitHub answers it: 201 with the pull request; or 422 with
    /// GitHub's validation errors for a base or head branch it does not have (a head never pushed), an open
    /// pull request from the same head, or a head with no commits over its base.
    /// </summary>
    private (int Status, JsonObject Answer) CreatePullRequest(string repository, string owner, JsonObject body)
    {
        var head = (string)body["head"]!;
        var headOwner = head.Contains(':', StringComparison.Ordinal) ? head.Split(':')[0] : owner;
        var headBranch = head.Contains(':', StringComparison.Ordinal) ? head.Split(':')[1] : head;
        var @base = (string)body["base"]!;
        if (BranchSha(repository, @base) is null)
        {
            return (422, ValidationFailed(new JsonObject { ["resource"] = "PullRequest", ["field"] = "base", ["code"] = "invalid" }));
        }

        // This fake has no forks: a head in another owner's repository is not a branch it has.
        if (headOwner != owner || BranchSha(repository, headBranch) is null)
        {
            return (422, ValidationFailed(new JsonObject { ["resource"] = "PullRequest", ["field"] = "head", ["code"] = "invalid" }));
        }

        var ahead = CommitsAhead(repository, @base, headBranch);
        lock (_state)
        {
            if (_pullRequests.Any(p => p.Repository == repository && p.Head == headBranch && p.State == "open"))
            {
                return (422, ValidationFailed(new JsonObject { ["resource"] = "PullRequest", ["code"] = "custom", ["message"] = $"A pull request already exists for {headOwner}:{headBranch}." }));
            }

            if (ahead == 0)
            {
                return (422, ValidationFailed(new JsonObject { ["resource"] = "PullRequest", ["code"] = "custom", ["message"] = $"No commits between {@base} and {headBranch}" }));
            }

            var created = new FakePullRequest
            {
                Repository = repository, Number = NextNumber(repository), Title = (string)body["title"]!, Body = (string?)body["body"],
                HeadOwner = headOwner, Head = headBranch, Base = @base, Draft = (bool?)body["draft"] ?? false, CreatedAt = Now(),
            };
            _pullRequests.Add(created);
            return (201, PullRequestJson(created, full: true));
        }
    }

    private static JsonObject ValidationFailed(JsonObject error) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(error),
        ["documentation_url"] = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
        ["status"] = "422",
    };
}
