using System.Globalization;
using System.Text.Json;

namespace Automations.Host.Tests.EndToEnd;

/// <summary>Schedules through the real executable: each slot fires once, across a kill -9 and a restart.</summary>
public sealed class SchedulesTests : IDisposable
{
    private readonly EngineSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Schedule_PerSecond_EachSlotFiresOnceAcrossKillNineAndRestart()
    {
        _setup.Definition("tick.yaml", """
            name: tick
            on:
              - schedule: { cron: "* * * * * *", timezone: Europe/Berlin }
            repository: acme/web
            agent: { use: demo }
            instructions: "Slot {{ event.subject.id }}"
            """);
        var settings = _setup.Settings(_setup.Agent("agent", "true"), ("Automations:Worker:Enabled", "false"));

        DateTimeOffset killedAt;
        await using (var first = await _setup.StartAsync(settings))
        {
            await WaitForSlotsAsync(first, slots => slots.Count >= 2, "the first engine to fire two slots");
            await first.KillAsync();
            killedAt = TimeProvider.System.GetUtcNow();
        }

        // Down until a slot has come due that no engine fired: the one the second engine must catch up.
        var missed = DateTimeOffset.FromUnixTimeSeconds(killedAt.ToUnixTimeSeconds() + 1);
        if (missed - TimeProvider.System.GetUtcNow() is { Ticks: > 0 } untilMissed)
        {
            await Task.Delay(untilMissed);
        }

        List<DateTimeOffset> slots;
        await using (var second = await _setup.StartAsync(settings))
        {
            await WaitForSlotsAsync(second, fired => fired.Any(s => s >= missed.AddSeconds(2)), "the second engine to fire slots of its own after the missed one");
            var deliveries = await second.GetJsonAsync("/api/deliveries?limit=1000");
            slots = Slots(deliveries);
            // Read after the deliveries, while slots go on firing: every slot listed has its one session, and no slot has two.
            var sessions = (await second.GetJsonAsync("/api/sessions?limit=1000")).EnumerateArray()
                .Select(s => s.GetProperty("trigger").GetProperty("deliveryId").GetString()!)
                .ToList();
            Assert.Equal(sessions.Count, sessions.Distinct().Count());
            Assert.All(deliveries.EnumerateArray(), d => Assert.Contains(d.GetProperty("deliveryId").GetString()!, sessions));
        }

        // Every second from the first slot to the last, each exactly once: the downtime's slot was caught up.
        Assert.Contains(missed, slots);
        Assert.True(slots.Count >= 5, $"only {slots.Count} slots fired");
        Assert.Equal(slots.Count, slots.Distinct().Count());
        for (var i = 1; i < slots.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), slots[i] - slots[i - 1]);
        }
    }

    private static List<DateTimeOffset> Slots(JsonElement deliveries) =>
        [.. deliveries.EnumerateArray()
            .Select(d => d.GetProperty("deliveryId").GetString()!)
            .Select(id => DateTimeOffset.Parse(id["schedule:tick:".Length..], CultureInfo.InvariantCulture))
            .Order()];

    /// <summary>Polls the engine's deliveries until the slots fired so far satisfy <paramref name="until"/>.</summary>
    private static async Task WaitForSlotsAsync(EngineProcess engine, Func<List<DateTimeOffset>, bool> until, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!until(Slots(await engine.GetJsonAsync("/api/deliveries?limit=1000"))))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Waited 60s for {what}.\n{engine.Output}");
            }

            await Task.Delay(100);
        }
    }
}
