using System.Text;
using System.Text.Json.Nodes;
using Automations.Core.Events;
using Automations.Core.Sources;
using Automations.Core.Sources.GitHub;

namespace Automations.Core.Tests.Sources.GitHub;

/// <summary>The commit a GitHub delivery names for a branch of its own repository, read from the recorded payloads.</summary>
public sealed class BranchHeadTests
{
    private const string Head = "9f0c2d4e7a1b3c5d6e8f9a0b1c2d3e4f5a6b7c8d";

    private static TriggerEvent Event(string fixture, Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(GitHubRequests.Fixture(fixture))!;
        change?.Invoke(node);
        var request = GitHubRequests.Signed(GitHubRequests.EventOf(fixture), Encoding.UTF8.GetBytes(node.ToJsonString()));
        var result = new GitHubSource().Normalize(request, "d-1", DateTimeOffset.UnixEpoch);
        return Assert.IsType<NormalizeResult.Normalized>(result).Event;
    }

    [Fact]
    public void Of_PushToABranch_TheBranchAndTheCommitItMovedTo()
    {
        Assert.Equal(new BranchHead("acme/web", "main", "c81e9a7d6b5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d", IsPush: true), BranchHead.Of(Event("push.json")));
    }

    [Fact]
    public void Of_PushThatDeletesOrTags_None()
    {
        Assert.Null(BranchHead.Of(Event("push.tag-deleted.json")));
        Assert.Null(BranchHead.Of(Event("push.json", p => p["after"] = new string('0', 40))));
        Assert.Null(BranchHead.Of(Event("push.json", p => p["ref"] = "refs/tags/v1")));
    }

    [Fact]
    public void Of_PullRequestFromItsOwnRepository_ItsHead()
    {
        var opened = Event("pull_request.opened.json", p => p["pull_request"]!["head"]!["repo"] = new JsonObject { ["full_name"] = "acme/web" });

        Assert.Equal(new BranchHead("acme/web", "automations/fix-1347", Head, IsPush: false), BranchHead.Of(opened));
    }

    [Fact]
    public void Of_PullRequestFromAFork_None()
    {
        var fromFork = Event("pull_request.opened.json", p => p["pull_request"]!["head"]!["repo"] = new JsonObject { ["full_name"] = "someone/web" });

        Assert.Null(BranchHead.Of(fromFork));
    }

    [Fact]
    public void Of_WorkflowRun_ItsHeadWhenFromItsOwnRepository()
    {
        var own = Event("workflow_run.completed.json", p => p["workflow_run"]!["head_repository"] = new JsonObject { ["full_name"] = "acme/web" });
        var fork = Event("workflow_run.completed.json", p => p["workflow_run"]!["head_repository"] = new JsonObject { ["full_name"] = "someone/web" });

        Assert.Equal(new BranchHead("acme/web", "automations/fix-1347", Head, IsPush: false), BranchHead.Of(own));
        Assert.Null(BranchHead.Of(fork));
    }

    [Fact]
    public void Of_EventsThatNameNoBranchOfTheirOwn_None()
    {
        // A check suite does not say whose branch it ran on: a fork's `main` would pass for the repository's own.
        Assert.Null(BranchHead.Of(Event("check_suite.completed.json")));
        Assert.Null(BranchHead.Of(Event("issues.labeled.json")));
    }
}
