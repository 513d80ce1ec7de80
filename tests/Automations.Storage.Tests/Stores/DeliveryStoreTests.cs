using Automations.Core.Sessions;

namespace Automations.Storage.Tests.Stores;

/// <summary>Deliveries with their sessions and jobs: group commit, duplicates, a delivery that cannot be written. Run on every store by the concrete classes.</summary>
public abstract class DeliveryStoreTests(IStoreProvider provider)
{
    [StoreFact]
    public async Task RecordAsync_NewDelivery_StoresDeliverySessionAndJob()
    {
        await using var store = await provider.OpenAsync();

        var result = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);

        Assert.False(result.Duplicate);
        Assert.Equal(["s1"], result.SessionIds);
        var session = await store.Sessions.GetAsync("s1", CancellationToken.None);
        Assert.NotNull(session);
        Assert.Equal(SessionStatus.Queued, session.Status);
        Assert.Equal("d1", session.Trigger.DeliveryId);
        var events = await store.Sessions.GetEventsAsync("s1", 0, CancellationToken.None);
        Assert.Equal("status", Assert.Single(events).Type);
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
        var stored = await store.Deliveries.GetAsync("github", "d1", CancellationToken.None);
        Assert.Equal(["fix"], stored!.Matched);
    }

    [StoreFact]
    public async Task RecordAsync_SameDeliveryTwice_ReturnsFirstAnswerAndWritesNothing()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s1")], CancellationToken.None);

        var again = await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1", "fix"), [StoreFixture.Session("s2")], CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal(["s1"], again.SessionIds);
        Assert.Null(await store.Sessions.GetAsync("s2", CancellationToken.None));
        Assert.Equal(1, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [StoreFact]
    public async Task RecordAsync_ManyConcurrentWithDuplicates_EachDeliveryOnceAndEveryCallerAnswered()
    {
        await using var store = await provider.OpenAsync();

        // 400 callers, 200 distinct deliveries: each id is sent twice at the same time.
        var tasks = Enumerable.Range(0, 400)
            .Select(i => Task.Run(() => store.Deliveries.RecordAsync(
                StoreFixture.Delivery($"d{i % 200}", "fix"), [StoreFixture.Session($"s{i}")], CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(200, results.Count(r => !r.Duplicate));
        Assert.Equal(200, results.Count(r => r.Duplicate));
        Assert.Equal(200, (await store.Queue.CountAsync(CancellationToken.None)).Available);
        foreach (var group in results.Select((r, i) => (r, id: i % 200)).GroupBy(x => x.id))
        {
            Assert.Single(group.Select(x => x.r.SessionIds.Single()).Distinct());
        }
    }

    [StoreFact]
    public async Task RecordAsync_OneDeliveryCannotBeWritten_FailsAloneAndOthersAreStored()
    {
        await using var store = await provider.OpenAsync();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d0"), [StoreFixture.Session("taken")], CancellationToken.None);

        // d-bad reuses a session id that exists: its insert breaks the transaction it shares with the others.
        var tasks = Enumerable.Range(1, 40)
            .Select(i => Task.Run(() => store.Deliveries.RecordAsync(
                StoreFixture.Delivery($"d{i}"), [StoreFixture.Session(i == 20 ? "taken" : $"s{i}")], CancellationToken.None)))
            .ToList();
        var outcomes = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                return (await t).Duplicate ? "duplicate" : "stored";
            }
            catch (System.Data.Common.DbException)
            {
                return "failed";
            }
        }));

        Assert.Equal("failed", outcomes[19]);
        Assert.Equal(39, outcomes.Count(o => o == "stored"));
        Assert.Null(await store.Deliveries.GetAsync("github", "d20", CancellationToken.None));
        Assert.NotNull(await store.Deliveries.GetAsync("github", "d21", CancellationToken.None));
        Assert.Equal(40, (await store.Queue.CountAsync(CancellationToken.None)).Available);
    }

    [StoreFact]
    public async Task GetEventAsync_StoredEnvelope_RebuildsPayloadFromBody()
    {
        await using var store = await provider.OpenAsync();
        // Big enough that a store which packs bodies packs this one.
        var body = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"labeled\",\"label\":{\"name\":\"autofix\"},\"issue\":{\"body\":\"" + new string('x', 12_000) + "\"}}");
        var triggerEvent = new Core.Events.TriggerEvent
        {
            Source = "github",
            Kind = "github.issues.labeled",
            DeliveryId = "d1",
            OccurredAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
            Repository = "acme/web",
            Subject = new Core.Events.EventSubject { Type = "issue", Id = "7", Number = 7, Title = "t", Labels = ["autofix"] },
            Payload = System.Text.Json.JsonDocument.Parse(body).RootElement.Clone(),
        };
        var envelope = triggerEvent.ToEnvelopeJson();
        await store.Deliveries.RecordAsync(StoreFixture.Delivery("d1") with { Body = body, EventJson = envelope }, [], CancellationToken.None);

        var loaded = await store.Deliveries.GetEventAsync("github", "d1", CancellationToken.None);

        Assert.DoesNotContain("autofix\"}", envelope, StringComparison.Ordinal);
        Assert.NotNull(loaded);
        Assert.Equal("autofix", loaded.Payload.GetProperty("label").GetProperty("name").GetString());
        Assert.Equal(12_000, loaded.Payload.GetProperty("issue").GetProperty("body").GetString()!.Length);
        Assert.Equal(["autofix"], loaded.Subject.Labels);
        Assert.Equal(triggerEvent.OccurredAt, loaded.OccurredAt);
        Assert.Null(await store.Deliveries.GetEventAsync("github", "missing", CancellationToken.None));
    }

    [StoreFact]
    public async Task LastDeliveryIdAsync_Prefix_GreatestIdWithThatPrefixOnly()
    {
        await using var store = await provider.OpenAsync();
        foreach (var id in new[] { "schedule:a:2026-01-05T09:00:00Z", "schedule:a:2026-01-05T10:00:00Z", "schedule:ab:2026-01-05T11:00:00Z", "schedule:b:2026-01-06T00:00:00Z" })
        {
            await store.Deliveries.RecordAsync(StoreFixture.Delivery(id) with { Source = "schedule" }, [], CancellationToken.None);
        }

        Assert.Equal("schedule:a:2026-01-05T10:00:00Z", await store.Deliveries.LastDeliveryIdAsync("schedule", "schedule:a:", CancellationToken.None));
        Assert.Null(await store.Deliveries.LastDeliveryIdAsync("schedule", "schedule:c:", CancellationToken.None));
        Assert.Null(await store.Deliveries.LastDeliveryIdAsync("github", "schedule:a:", CancellationToken.None));
    }
}
