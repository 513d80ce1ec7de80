using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Automations.Testing.Fakes;

/// <summary>
/// <c>PUT /repos/{owner}/{name}/pulls/{number}/merge</c> as GitHub answers it: 200 <c>{sha, merged, message}</c>;
/// 405 when the pull request is not mergeable (closed, merged, or in conflict); 409 when <c>sha</c> is not its
/// head any more; 422 for an unknown <c>merge_method</c>. Whether it merges is read with git
/// (<c>merge-tree</c> of its base into its head) when the fake has a git root: <c>dirty</c> when they conflict.
/// </summary>
public sealed partial class FakeGitHub
{
    private const string MergeDocs = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";

    private void MapMerges(RouteGroupBuilder repo) =>
        repo.MapPut("/pulls/{number:int}/merge", (HttpContext context, string owner, string name, int number, JsonObject body) =>
            WithPullRequest(context, owner, name, number, p =>
            {
                var (status, answer) = MergePullRequest(p, body);
                return Json(context, status, answer);
            }));

    private (int Status, JsonObject Answer) MergePullRequest(FakePullRequest p, JsonObject body)
    {
        var method = (string?)body["merge_method"] ?? "merge";
        if (method is not ("merge" or "squash" or "rebase"))
        {
            return (422, ValidationFailed(new JsonObject { ["resource"] = "PullRequest", ["field"] = "merge_method", ["code"] = "invalid" }));
        }

        var head = BranchSha(p.Repository, p.Head) ?? p.HeadSha;
        if (p.State != "open" || p.Merged || MergeableState(p) is not ("clean" or "unstable" or "has_hooks"))
        {
            return (405, new JsonObject { ["message"] = "Pull Request is not mergeable", ["documentation_url"] = MergeDocs, ["status"] = "405" });
        }

        if ((string?)body["sha"] is { } sha && sha != head)
        {
            return (409, new JsonObject { ["message"] = "Head branch was modified. Review and try the merge again.", ["documentation_url"] = MergeDocs, ["status"] = "409" });
        }

        var commit = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        lock (_state)
        {
            p.Merged = true;
            p.State = "closed";
            p.MergeMethod = method;
            p.MergeCommitSha = commit;
        }

        return (200, new JsonObject { ["sha"] = commit, ["merged"] = true, ["message"] = "Pull Request successfully merged" });
    }

    /// <summary>The pull request's <c>mergeable_state</c>: <c>dirty</c> when git finds its base and head in conflict, else what the test set.</summary>
    private string MergeableState(FakePullRequest p)
    {
        bool hasGit;
        lock (_state)
        {
            hasGit = _gitRoot is not null;
        }

        return hasGit && p.State == "open" && BranchSha(p.Repository, p.Base) is not null && BranchSha(p.Repository, p.Head) is not null
            && Git(p.Repository, "merge-tree", "--write-tree", $"refs/heads/{p.Base}", $"refs/heads/{p.Head}") is null
            ? "dirty"
            : p.MergeableState;
    }
}
