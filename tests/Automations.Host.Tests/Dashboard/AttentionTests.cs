using Automations.Core.Sessions;
using Automations.Host.Dashboard;

namespace Automations.Host.Tests.Dashboard;

public sealed class AttentionTests
{
    private static Session Session(string id, string status, string? activity = null) => new()
    {
        Id = id,
        Automation = "a",
        Status = status,
        Activity = activity,
        Trigger = new SessionTrigger("github", "github.issues.labeled", "d1"),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Sort_PutsWhatNeedsAPersonFirst_AndTheNewestFirstWithinALane()
    {
        var lanes = Attention.Sort(
        [
            Session("01", "done"),
            Session("02", "queued"),
            Session("03", "working"),
            Session("04", "working", "blocked"),
            Session("05", "ci_failed"),
            Session("06", "errored"),
            Session("07", "needs_input"),
            Session("08", "spawning"),
            Session("09", "stuck"),
            Session("10", "pr_open"),
            Session("11", "killed"),
        ]);

        Assert.Equal(["answer", "unstick", "review", "working", "queued", "done"], lanes.Select(l => l.Lane.Key));
        Assert.Equal(
            [["07"], ["09", "06", "04"], ["10", "05"], ["08", "03"], ["02"], ["11", "01"]],
            lanes.Select(l => l.Sessions.Select(s => s.Id).ToArray()));
    }

    [Fact]
    public void CiFailedPastItsRetries_WaitsInTheReviewLane()
    {
        // Past its follow-up retries the session's status stays ci_failed (FollowUpStep): a person decides.
        Assert.Equal("review", Attention.LaneOf(Session("01", "ci_failed", "exited")));
    }

    [Fact]
    public void Live_IsEveryStatusThatHasNotEnded()
    {
        var all = typeof(SessionStatus).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);

        Assert.Equal(all.Where(s => !SessionStatus.IsTerminal(s)).Order(StringComparer.Ordinal), Attention.Live.Order(StringComparer.Ordinal));
    }
}
