using System.Text.Json;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Outcomes;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// How sessions' pull requests end, on a real store: merged with its merge commit, closed, reverted by a
/// git revert pushed to the default branch or by GitHub's revert button; each automation's record as
/// aggregates; and <c>pause_below</c> pausing an automation whose record falls.
/// </summary>
public abstract class OutcomeTests(IStoreProvider provider)
{
    private const string MergeSha = "9f1c2ab3e4d5c6b7a8f90123456789abcdef0123";

    private static TriggerEvent GitHub(string kind, string id, string payload) => new()
    {
        Source = "github",
        Kind = kind,
        DeliveryId = id,
        OccurredAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        Repository = "acme/web",
        Subject = new EventSubject { Type = "pull_request" },
        Payload = JsonDocument.Parse(payload).RootElement.Clone(),
    };

    /// <summary>GitHub's <c>pull_request.closed</c> for pull request <paramref name="number"/> on <paramref name="branch"/>.</summary>
    private static TriggerEvent Closed(string id, int number, string branch, bool merged, string? body = null, string sha = MergeSha) => GitHub("github.pull_request.closed", id, $$"""
        {"action":"closed","number":{{number}},"pull_request":{"number":{{number}},"state":"closed","merged":{{(merged ? "true" : "false")}},
         "html_url":"https://github.com/acme/web/pull/{{number}}","body":{{JsonSerializer.Serialize(body)}},"created_at":"2026-01-05T09:00:00Z",
         "merged_at":{{(merged ? "\"2026-01-05T10:00:00Z\"" : "null")}},"merge_commit_sha":"{{sha}}",
         "head":{"ref":"{{branch}}","sha":"abc"},"base":{"ref":"main"} },"repository":{"full_name":"acme/web","default_branch":"main"} }
        """);

    /// <summary>A push of <c>git revert</c>'s commit to <paramref name="reference"/>.</summary>
    private static TriggerEvent RevertPushed(string id, string reference) => GitHub("github.push", id, $$"""
        {"ref":"{{reference}}","before":"1111111111111111111111111111111111111111","after":"2222222222222222222222222222222222222222",
         "commits":[{"id":"2222222222222222222222222222222222222222","message":"Revert \"fix: login\"\n\nThis reverts commit {{MergeSha}}.","distinct":true}],
         "repository":{"full_name":"acme/web","default_branch":"main"} }
        """);

    private static async Task WithPullRequestAsync(StoreFixture store, string id, int number, decimal cost = 0)
    {
        await store.Sessions.AppendAsync(
            id,
            [new SessionEventDraft("branch", JsonSerializer.SerializeToElement(new { }), new SessionChange
            {
                Branch = $"automations/fix/{id}", PullRequest = new PullRequestRef(number, $"https://github.com/acme/web/pull/{number}"), AddCostUsd = cost,
            })],
            CancellationToken.None);
    }

    private static OutcomeFollower Follower(StoreFixture store, PauseBelowCheck? check = null) =>
        new(store.Outcomes, store.Sessions, store.Time, check);

    [StoreFact]
    public async Task Merge_ThenAGitRevertOnTheDefaultBranch_MakesTheOutcomeReverted_Once()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        await WithPullRequestAsync(store, "s1", 7);
        var follower = Follower(store);

        Assert.Equal(["s1"], await follower.FollowAsync(Closed("g-1", 7, "automations/fix/s1", merged: true), CancellationToken.None));
        Assert.Empty(await follower.FollowAsync(Closed("g-1", 7, "automations/fix/s1", merged: true), CancellationToken.None));
        var merged = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal((Outcome.Merged, store.Time.GetUtcNow()), (merged.Outcome, merged.OutcomeAt));

        store.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await follower.FollowAsync(RevertPushed("g-2", "refs/heads/topic"), CancellationToken.None));
        Assert.Equal(["s1"], await follower.FollowAsync(RevertPushed("g-3", "refs/heads/main"), CancellationToken.None));
        Assert.Empty(await follower.FollowAsync(RevertPushed("g-3", "refs/heads/main"), CancellationToken.None));

        var reverted = (await store.Sessions.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal((Outcome.Reverted, store.Time.GetUtcNow()), (reverted.Outcome, reverted.OutcomeAt));
        Assert.Equal(JsonValueKind.String, JsonSerializer.SerializeToElement(reverted, JsonSerializerOptions.Web).GetProperty("outcomeAt").ValueKind);
    }

    [StoreFact]
    public async Task Closed_WhoseNumberIsNoNumber_EndsNothing_AndNeverThrows()
    {
        // A signed body may hold any type where GitHub sends a number (found by the signed-mutation fuzzer: a 500).
        // Without a number it cannot be the session's pull request #3, so nothing ends.
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        await WithPullRequestAsync(store, "s1", 3);
        var odd = GitHub("github.pull_request.closed", "g-odd", """
            {"action":"closed","number":3,"pull_request":{"number":true,"state":"closed","head":{"ref":"automations/fix/s1","sha":"abc"},"base":{"ref":"main"}},
             "repository":{"full_name":"acme/web"} }
            """);

        Assert.Empty(await Follower(store).FollowAsync(odd, CancellationToken.None));
        Assert.Null((await store.Sessions.GetAsync("s1", CancellationToken.None))!.Outcome);
    }

    [StoreFact]
    public async Task ClosedUnmerged_IsClosed_AndGitHubsRevertButton_RevertsTheNumberedPullRequest()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1"), StoreFixture.Session("s2")], CancellationToken.None);
        await WithPullRequestAsync(store, "s1", 7);
        await WithPullRequestAsync(store, "s2", 8);
        var follower = Follower(store);

        await follower.FollowAsync(Closed("g-1", 7, "automations/fix/s1", merged: false), CancellationToken.None);
        await follower.FollowAsync(Closed("g-2", 8, "automations/fix/s2", merged: true), CancellationToken.None);
        // An unmerged revert pull request reverts nothing; another repository's number is not ours.
        await follower.FollowAsync(Closed("g-3", 9, "revert-8-fix", merged: false, body: "Reverts acme/web#8"), CancellationToken.None);
        await follower.FollowAsync(Closed("g-4", 10, "revert-8-other", merged: true, body: "Reverts acme/other#8", sha: "1234567890123456789012345678901234567890"), CancellationToken.None);
        Assert.Equal(Outcome.Merged, (await store.Sessions.GetAsync("s2", CancellationToken.None))!.Outcome);

        Assert.Equal(["s2"], await follower.FollowAsync(Closed("g-5", 11, "revert-8-fix", merged: true, body: "Reverts acme/web#8\n\nIt broke the login.", sha: "abcdefabcdefabcdefabcdefabcdefabcdefabcd"), CancellationToken.None));

        Assert.Equal(Outcome.Closed, (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Outcome);
        Assert.Equal(Outcome.Reverted, (await store.Sessions.GetAsync("s2", CancellationToken.None))!.Outcome);
    }

    [StoreFact]
    public async Task RecordOf_CountsOutcomesSpendAndTheMedianTimeToPullRequest_OverTheWindow()
    {
        await using var store = await provider.OpenAsync();
        var outcomes = store.Outcomes;
        var start = store.Time.GetUtcNow();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d0"), [StoreFixture.Session("old")], CancellationToken.None);
        await WithPullRequestAsync(store, "old", 1, cost: 100m);
        await outcomes.RecordAsync(new OutcomeChange("old", Outcome.Merged, start), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromDays(40));

        // Four sessions a day apart; their pull requests come 10, 20 and 40 minutes after each starts, the fourth opens none.
        var ends = new[] { Outcome.Merged, Outcome.Reverted, Outcome.Closed, null };
        var minutes = new int?[] { 10, 40, 20, null };
        for (var i = 0; i < 4; i++)
        {
            await store.Deliveries.RecordAsync(StoreFixture.Delivery($"d{i + 1}"), [StoreFixture.Session($"s{i}")], CancellationToken.None);
            if (minutes[i] is { } after)
            {
                store.Time.Advance(TimeSpan.FromMinutes(after));
                await WithPullRequestAsync(store, $"s{i}", 10 + i, cost: 1.5m);
            }

            if (ends[i] is { } end)
            {
                await outcomes.RecordAsync(new OutcomeChange($"s{i}", end, store.Time.GetUtcNow()), CancellationToken.None);
            }

            store.Time.Advance(TimeSpan.FromDays(1));
        }

        var record = await outcomes.RecordOfAsync("fix", store.Time.GetUtcNow() - AutomationRecord.DefaultWindow, CancellationToken.None);
        Assert.Equal((4L, 1L, 1L, 1L, 3L), (record.Runs, record.Merged, record.Reverted, record.Closed, record.Ended));
        Assert.Equal(4.5m, record.CostUsd);
        Assert.Equal(1.0 / 3, record.SuccessRate!.Value, 6);
        Assert.Equal(4.5m, record.CostPerMerged);
        Assert.Equal(TimeSpan.FromMinutes(20), record.MedianToPullRequest);

        var days = await outcomes.DailyAsync("fix", store.Time.GetUtcNow() - TimeSpan.FromDays(14), CancellationToken.None);
        Assert.Equal(4, days.Count);
        Assert.All(days, d => Assert.Equal(1, d.Runs));
        Assert.Equal(DateOnly.FromDateTime(start.AddDays(40).UtcDateTime), days[0].Day);
        Assert.Equal([1.5m, 1.5m, 1.5m, 0m], days.Select(d => d.CostUsd));
    }

    [StoreFact]
    public async Task PauseBelow_PausesTheAutomation_OnceEnoughEndedBelowTheRate_AndEveryInstanceSeesIt()
    {
        await using var store = await provider.OpenAsync();
        await using var other = await provider.OpenAnotherAsync(store);
        var pauses = new AutomationPauses(store.Pauses, store.Time);
        var elsewhere = new AutomationPauses(other.Pauses, store.Time);
        Assert.Null((await elsewhere.GetAsync(CancellationToken.None)).Why("fix"));
        var catalog = new Catalog(DefinitionParser.Parse("fix.yaml", "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\npause_below: { success_rate: 0.5, after: 2 }\n"));
        var follower = Follower(store, new PauseBelowCheck(catalog, store.Outcomes, pauses, store.Time));
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1"), StoreFixture.Session("s2")], CancellationToken.None);
        await WithPullRequestAsync(store, "s1", 7);
        await WithPullRequestAsync(store, "s2", 8);

        // One ended, below the rate: too few to count yet.
        await follower.FollowAsync(Closed("g-1", 7, "automations/fix/s1", merged: false), CancellationToken.None);
        Assert.Null((await pauses.GetAsync(CancellationToken.None)).Of("fix"));
        await follower.FollowAsync(Closed("g-2", 8, "automations/fix/s2", merged: false), CancellationToken.None);

        var pause = (await pauses.GetAsync(CancellationToken.None)).Of("fix")!;
        Assert.Equal(AutomationPause.PauseBelow, pause.By);
        Assert.Equal("pause_below: success rate 0% (0 of 2 pull requests merged and not reverted in 30 days) is below 50%", pause.Reason);
        Assert.Equal($"paused: {pause.Reason}", (await pauses.GetAsync(CancellationToken.None)).Why("fix"));

        // The other instance read the switches before the pause: it sees it once its cache is older than the refresh.
        Assert.Null((await elsewhere.GetAsync(CancellationToken.None)).Of("fix"));
        store.Time.Advance(AutomationPauses.DefaultRefresh);
        Assert.Equal(pause.Reason, (await elsewhere.GetAsync(CancellationToken.None)).Of("fix")?.Reason);
    }

    [StoreFact]
    public async Task PauseAll_AndResume_AreSharedSwitches_AndAPauseKeepsItsFirstReason()
    {
        await using var store = await provider.OpenAsync();
        var pauses = new AutomationPauses(store.Pauses, store.Time);

        Assert.True(await pauses.PauseAsync(AutomationPause.All, "release freeze", "key-1", CancellationToken.None));
        Assert.True(await pauses.PauseAsync("fix", "too noisy", "key-2", CancellationToken.None));
        Assert.False(await pauses.PauseAsync("fix", "again", "key-3", CancellationToken.None));

        var snapshot = await pauses.GetAsync(CancellationToken.None);
        Assert.Equal("paused: all automations are paused (release freeze)", snapshot.Why("other"));
        Assert.Equal(("too noisy", "key-2"), (snapshot.Of("fix")!.Reason, snapshot.Of("fix")!.By));
        Assert.Equal(2, (await store.Pauses.ListAsync(CancellationToken.None)).Count);

        Assert.True(await pauses.ResumeAsync(AutomationPause.All, CancellationToken.None));
        Assert.False(await pauses.ResumeAsync(AutomationPause.All, CancellationToken.None));
        Assert.Null((await pauses.GetAsync(CancellationToken.None)).Why("other"));
        Assert.NotNull((await pauses.GetAsync(CancellationToken.None)).Why("fix"));
    }

    private sealed class Catalog(DefinitionParseResult result) : IDefinitionCatalog
    {
        public DefinitionSet Current { get; } = DefinitionSet.Create([("fix.yaml", result)]);
    }
}
