using Automations.Core.Ingest;
using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Core.Sources;
using Automations.Host.Configuration;
using Automations.Host.Schedules;
using Automations.Storage;
using Automations.Storage.Sql;
using Automations.Storage.Sqlite;
using Automations.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Automations.Host.Tests.Schedules;

/// <summary>The scheduler on a manual clock and a real SQLite store: slots fire once, missed ones follow catch_up.</summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("scheduler");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
    private readonly SqliteDatabase _database;
    private readonly SqlDeliveryStore _deliveries;

    public SchedulerTests()
    {
        _database = SqliteDatabase.Open(_directory.Combine("a.db"));
        _deliveries = new SqlDeliveryStore(_database, new DeliveryStoreOptions(), _time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 calls this one, so the store is closed and its folder goes.
    public async Task DisposeAsync()
    {
        await _deliveries.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    private Scheduler Scheduler(string catchUp, string cron = "0 * * * *", string timezone = "UTC", AutomationPauses? pauses = null)
    {
        var yaml = $"""
            name: hourly
            on:
              - schedule: {"{"} cron: "{cron}", timezone: {timezone}, catch_up: {catchUp} {"}"}
            repository: acme/web
            agent: {"{"} use: demo {"}"}
            instructions: x
            """;
        var catalog = new FixedCatalog(("hourly.yaml", yaml));
        var pipeline = new IngestPipeline([], new NoSecrets(), catalog, _deliveries, _time, pauses: pauses);
        return new Scheduler(catalog, _deliveries, pipeline, Options.Create(new AutomationsOptions()), NullLogger<Scheduler>.Instance, _time);
    }

    private async Task<IReadOnlyList<string>> FiredAsync() =>
        [.. (await _deliveries.ListAsync(new DeliveryQuery(), CancellationToken.None)).Select(d => d.DeliveryId).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task TickAsync_SlotComesDue_FiresOnceHoweverOftenItTicks()
    {
        var scheduler = Scheduler("latest");
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Empty(await FiredAsync());

        _time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await scheduler.TickAsync(CancellationToken.None);
        await scheduler.TickAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(20));
        await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(["schedule:hourly:2026-01-05T10:00:00Z"], await FiredAsync());
    }

    [Fact]
    public async Task TickAsync_PausedAutomation_RecordsTheSlotAndStartsNothing_WithTheReason()
    {
        var pauses = new AutomationPauses(new SqlPauseStore(_database), _time);
        await pauses.PauseAsync("hourly", "the release freeze", "k_1", CancellationToken.None);
        var scheduler = Scheduler("latest", pauses: pauses);
        await scheduler.TickAsync(CancellationToken.None);

        _time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await scheduler.TickAsync(CancellationToken.None));

        var slot = Assert.Single(await _deliveries.ListAsync(new DeliveryQuery(), CancellationToken.None));
        Assert.Empty(slot.SessionIds);
        Assert.Equal(DeliveryStatus.Unmatched, slot.Outcome);
        Assert.Equal(new RefusedMatch("hourly", "paused: the release freeze"), Assert.Single(slot.Refused));
    }

    [Theory]
    [InlineData("latest", new[] { "13:00" })]
    [InlineData("all", new[] { "11:00", "12:00", "13:00" })]
    [InlineData("none", new string[0])]
    public async Task TickAsync_AfterThreeHoursDown_FollowsCatchUp(string catchUp, string[] expected)
    {
        var scheduler = Scheduler(catchUp);
        await scheduler.TickAsync(CancellationToken.None);
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await scheduler.TickAsync(CancellationToken.None);

        // Down from just after 10:00 until 13:10; a new scheduler reads the last slot back from the store.
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 13, 10, 0, TimeSpan.Zero));
        await Scheduler(catchUp).TickAsync(CancellationToken.None);

        var after = (await FiredAsync()).Select(id => id["schedule:hourly:2026-01-05T".Length..][..5]).Where(t => t != "10:00");
        Assert.Equal(expected, after);
    }

    [Theory]
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-03-28T23:00:00Z", "2026-03-29T04:00:00Z", "2026-03-29T01:00:00Z")] // 02:30 does not exist: once, at 03:00 CEST
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z", "2026-10-25T00:30:00Z")] // 02:30 happens twice: once, at the first
    [InlineData("America/New_York", "30 2 * * *", "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T07:00:00Z")] // 02:30 does not exist: once, at 03:00 EDT
    [InlineData("America/New_York", "30 1 * * *", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z", "2026-11-01T05:30:00Z")] // 01:30 happens twice (EDT, then EST): once, at the first
    public async Task TickAsync_AcrossDaylightSavingNight_FiresOnce(string timezone, string cron, string from, string to, string expected)
    {
        _time.SetUtcNow(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        var scheduler = Scheduler("latest", cron, timezone);
        var end = DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture);

        while (_time.GetUtcNow() < end)
        {
            await scheduler.TickAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([$"schedule:hourly:{expected}"], await FiredAsync());
    }

    private sealed class NoSecrets : IWebhookSecrets
    {
        public string? For(WebhookRequest request) => null;
    }
}
