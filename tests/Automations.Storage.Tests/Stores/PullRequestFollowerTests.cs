using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// GitHub deliveries about a session's pull request, routed to it on a real store: found by repository
/// and branch, once per delivery, moving the status only when nothing outranks the pull request's state.
/// </summary>
public abstract class PullRequestFollowerTests(IStoreProvider provider)
{
    private const string Branch = "automations/fix/s1";

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static TriggerEvent Delivery(string kind, string id, object payload) => new()
    {
        Source = "github",
        Kind = kind,
        DeliveryId = id,
        OccurredAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        Repository = "acme/web",
        Subject = new EventSubject { Type = "check_run" },
        Payload = Json(payload),
    };

    private static TriggerEvent CheckRun(string id, string conclusion, string branch = Branch) => Delivery(
        "github.check_run.completed",
        id,
        new { action = "completed", check_run = new { id = 42, name = "unit tests", head_sha = "abc", conclusion, check_suite = new { head_branch = branch } } });

    private static TriggerEvent Merged(string id) => Delivery(
        "github.pull_request.closed",
        id,
        new { action = "closed", pull_request = new { number = 7, html_url = "https://github.com/acme/web/pull/7", merged = true, head = new { @ref = Branch, sha = "abc" } } });

    private static async Task<StoreFixture> SessionAsync(IStoreProvider provider, string status)
    {
        var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        await store.Sessions.AppendAsync(
            "s1",
            [
                new SessionEventDraft("branch", Json(new { }), new SessionChange { Branch = Branch, PullRequest = new PullRequestRef(7, "https://github.com/acme/web/pull/7") }),
                new SessionEventDraft("status", Json(new { status }), new SessionChange { Status = status }),
            ],
            CancellationToken.None);
        return store;
    }

    [StoreFact]
    public async Task FollowAsync_FailedCheckOnTheSessionsBranch_MovesItToCiFailed_Once()
    {
        await using var store = await SessionAsync(provider, SessionStatus.PrOpen);
        var follower = new PullRequestFollower(store.Sessions);

        Assert.Equal("s1", await follower.FollowAsync(CheckRun("g-1", "failure"), CancellationToken.None));
        Assert.Equal("s1", await follower.FollowAsync(CheckRun("g-1", "failure"), CancellationToken.None));

        var session = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal(SessionStatus.CiFailed, session.Status);
        var routed = Assert.Single(await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None), e => e.Type == SessionEventTypes.PullRequest);
        Assert.Equal((42L, "unit tests", "g-1"), (routed.Data.GetProperty("checkRunId").GetInt64(), routed.Data.GetProperty("name").GetString(), routed.Data.GetProperty("deliveryId").GetString()));
        Assert.Equal(7, session.PullRequest!.Number);
    }

    [StoreFact]
    public async Task FollowAsync_WhileTheAgentWorks_KeepsTheEvent_ButTheStatusStays()
    {
        // The agent's activity outranks the pull request's state; its turn settles the status when it ends.
        await using var store = await SessionAsync(provider, SessionStatus.Working);

        await new PullRequestFollower(store.Sessions).FollowAsync(CheckRun("g-2", "failure"), CancellationToken.None);

        Assert.Equal(SessionStatus.Working, (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        Assert.Contains(await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None), e => e.Type == SessionEventTypes.PullRequest);
    }

    [StoreFact]
    public async Task FollowAsync_Merge_OutranksEverything_AndOtherBranchesAreNotTouched()
    {
        await using var store = await SessionAsync(provider, SessionStatus.Stuck);
        var follower = new PullRequestFollower(store.Sessions);

        Assert.Null(await follower.FollowAsync(CheckRun("g-3", "failure", branch: "someone-else"), CancellationToken.None));
        Assert.Equal("s1", await follower.FollowAsync(Merged("g-4"), CancellationToken.None));

        Assert.Equal(SessionStatus.Merged, (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        Assert.Null(await follower.FollowAsync(CheckRun("g-5", "failure"), CancellationToken.None));
    }

    [StoreFact]
    public async Task FindByBranchAsync_TheNewestSessionOnTheRepositorysBranch()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1"), StoreFixture.Session("s2")], CancellationToken.None);
        foreach (var id in new[] { "s1", "s2" })
        {
            await store.Sessions.AppendAsync(id, [new SessionEventDraft("branch", Json(new { }), new SessionChange { Branch = "shared" })], CancellationToken.None);
        }

        Assert.Equal("s2", (await store.Sessions.FindByBranchAsync("acme/web", "shared", CancellationToken.None))?.Id);
        Assert.Null(await store.Sessions.FindByBranchAsync("acme/other", "shared", CancellationToken.None));
        Assert.Null(await store.Sessions.FindByBranchAsync("acme/web", "main", CancellationToken.None));
    }

    [StoreFact]
    public async Task FollowAsync_PushToTheBase_TellsEachOpenPullRequestOnIt_ThatItMoved_Once()
    {
        await using var store = await SessionAsync(provider, SessionStatus.Approved);
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d2"), [StoreFixture.Session("s2"), StoreFixture.Session("s3")], CancellationToken.None);
        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("spec", Json(new { }), new SessionChange { Base = "main" })], CancellationToken.None);
        await store.Sessions.AppendAsync(
            "s2",
            [new SessionEventDraft("branch", Json(new { }), new SessionChange { Branch = "other", Base = "release", PullRequest = new PullRequestRef(8, "https://github.com/acme/web/pull/8") })],
            CancellationToken.None);
        await store.Sessions.AppendAsync(
            "s3",
            [
                new SessionEventDraft("branch", Json(new { }), new SessionChange { Branch = "ended", Base = "main", PullRequest = new PullRequestRef(9, "https://github.com/acme/web/pull/9") }),
                new SessionEventDraft("status", Json(new { status = SessionStatus.Done }), new SessionChange { Status = SessionStatus.Done }),
            ],
            CancellationToken.None);
        var follower = new PullRequestFollower(store.Sessions);
        var push = Delivery("github.push", "g-push", new { @ref = "refs/heads/main", before = "abc", after = "def", deleted = false });

        Assert.Equal("s1", await follower.FollowAsync(push, CancellationToken.None));
        Assert.Equal("s1", await follower.FollowAsync(push, CancellationToken.None));
        Assert.Null(await follower.FollowAsync(Delivery("github.push", "g-tag", new { @ref = "refs/tags/v1", after = "def" }), CancellationToken.None));

        var moved = Assert.Single(await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None), e => e.Type == SessionEventTypes.PullRequest);
        Assert.Equal((PullRequestFact.Moved, Branch, 7), (moved.Data.GetProperty("kind").GetString(), moved.Data.GetProperty("branch").GetString(), moved.Data.GetProperty("number").GetInt32()));
        Assert.Equal(SessionStatus.Approved, (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        foreach (var id in new[] { "s2", "s3" })
        {
            Assert.DoesNotContain(await store.Sessions.GetEventsAsync(id, 0, CancellationToken.None), e => e.Type == SessionEventTypes.PullRequest);
        }
    }
}
