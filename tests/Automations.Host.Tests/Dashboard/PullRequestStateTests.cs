using System.Text.Json;
using Automations.Core.Sessions;
using Automations.Host.Dashboard;

namespace Automations.Host.Tests.Dashboard;

public sealed class PullRequestStateTests
{
    private static Session Session(string status) => new()
    {
        Id = "s1",
        Automation = "a",
        Status = status,
        Trigger = new SessionTrigger("github", "github.issues.labeled", "d1"),
        PullRequest = new PullRequestRef(7, "https://github.com/acme/web/pull/7"),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static SessionEvent[] Facts(params string[] kinds) =>
        [.. kinds.Select((k, i) => new SessionEvent("s1", i + 1, DateTimeOffset.UnixEpoch, "pull_request", JsonSerializer.SerializeToElement(new { kind = k, branch = "b" })))];

    [Theory]
    [InlineData("pr_open", new string[0], "pending", "waiting")]
    [InlineData("ci_failed", new[] { "opened", "approved", "ci_failed" }, "failed", "approved")]
    [InlineData("changes_requested", new[] { "opened", "ci_passed", "changes_requested" }, "passed", "changes requested")]
    [InlineData("review_pending", new[] { "opened", "ci_passed" }, "passed", "waiting")]
    [InlineData("approved", new[] { "opened", "ci_failed", "approved" }, "failed", "approved")]
    [InlineData("mergeable", new[] { "ci_passed", "approved" }, "passed", "approved")]
    [InlineData("merged", new[] { "ci_passed", "approved", "merged" }, "passed", "approved")]
    [InlineData("working", new[] { "ci_failed" }, "failed", null)]
    public void Of_ReadsTheLatestFacts_AndTheStatusHasTheLastWord(string status, string[] kinds, string? checks, string? review)
    {
        Assert.Equal(new PullRequestState(checks, review), PullRequestState.Of(Session(status), Facts(kinds)));
    }
}
