using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// Where people steer a session from, on a real store: its issue or pull request, its Slack thread, and an
/// answer taken once however many surfaces send one at the same moment; and a stop that no turn's start is written over.
/// </summary>
public abstract class SessionSurfacesTests(IStoreProvider provider)
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static SessionEventDraft Status(string status) => new("status", Json(new { status }), new SessionChange { Status = status });

    private static SessionEventDraft Answer(string from) => new("message", Json(new { text = "Safari", from }), new SessionChange { IsMessage = true });

    [StoreFact]
    public async Task FindByIssueAsync_ThePullRequestFirst_ThenTheIssueThatStartedIt()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(
            StoreFixture.Delivery("d1"),
            [StoreFixture.Session("s1") with { Subject = "acme/web#9" }, StoreFixture.Session("s2") with { Subject = "acme/web#9" }, StoreFixture.Session("s3")],
            CancellationToken.None);
        await store.Sessions.AppendAsync("s1", [new SessionEventDraft("pull_request", Json(new { }), new SessionChange { PullRequest = new PullRequestRef(12, "https://github.com/acme/web/pull/12") })], CancellationToken.None);
        await store.Sessions.AppendAsync("s3", [new SessionEventDraft("action", Json(new { }), new SessionChange { SlackThread = "C1/1767600000.000100" })], CancellationToken.None);

        Assert.Equal("s2", (await store.Sessions.FindByIssueAsync("acme/web", 9, CancellationToken.None))?.Id);
        Assert.Equal("s1", (await store.Sessions.FindByIssueAsync("acme/web", 12, CancellationToken.None))?.Id);
        Assert.Null(await store.Sessions.FindByIssueAsync("acme/other", 9, CancellationToken.None));
        Assert.Equal("s3", (await store.Sessions.FindBySlackThreadAsync("C1/1767600000.000100", CancellationToken.None))?.Id);
        Assert.Null(await store.Sessions.FindBySlackThreadAsync("C1/1767600000.000200", CancellationToken.None));
    }

    [StoreFact]
    public async Task AnswerAsync_TwoAnswersAtOnce_ExactlyOneIsTaken()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [StoreFixture.Session("s1")], CancellationToken.None);
        var asked = (await store.Sessions.AppendAsync("s1", [Status(SessionStatus.NeedsInput)], CancellationToken.None)).LastSeq;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            store.Sessions.AnswerAsync("s1", asked, [Answer($"surface-{i}"), Status(SessionStatus.Queued)], CancellationToken.None))));

        Assert.Single(answers, a => a is not null);
        var events = await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None);
        Assert.Single(events, e => e.Type == "message");
        Assert.Equal(SessionStatus.Queued, (await store.Sessions.GetAsync("s1", CancellationToken.None))!.Status);
        Assert.Null(await store.Sessions.AnswerAsync("s1", asked, [Answer("late")], CancellationToken.None));
    }

    [StoreFact]
    public async Task AppendUnlessEndedAsync_StopsAndTurnStartsAtOnce_NoStartIsWrittenOverAStop()
    {
        await using var store = await provider.OpenAsync();
        var ids = Enumerable.Range(0, 8).Select(i => $"s{i}").ToList();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1"), [.. ids.Select(id => StoreFixture.Session(id))], CancellationToken.None);

        await Task.WhenAll(ids.SelectMany(id => new Task[]
        {
            Task.Run(() => store.Sessions.AppendUnlessEndedAsync(id, [Answer("turn"), Status(SessionStatus.Working)], CancellationToken.None)),
            Task.Run(() => store.Sessions.PostAsync(id, [Status(SessionStatus.Killed)], CancellationToken.None)),
        }));

        foreach (var id in ids)
        {
            // Whichever came first, the stop is the last word: a start is written before it or not at all.
            Assert.Equal(SessionStatus.Killed, (await store.Sessions.GetAsync(id, CancellationToken.None))!.Status);
            var statuses = (await store.Sessions.GetEventsAsync(id, 0, CancellationToken.None)).Where(e => e.Type == "status").Select(e => e.Data.GetProperty("status").GetString()).ToList();
            Assert.Equal(SessionStatus.Killed, statuses[^1]);
        }

        var late = await store.Sessions.GetAsync("s0", CancellationToken.None);
        Assert.Null(await store.Sessions.AppendUnlessEndedAsync("s0", [Status(SessionStatus.Working)], CancellationToken.None));
        Assert.Equal(late!.LastSeq, (await store.Sessions.GetAsync("s0", CancellationToken.None))!.LastSeq);
    }
}
