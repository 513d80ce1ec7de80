using System.Diagnostics;
using System.Globalization;
using Automations.Host.Tests.EndToEnd;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// The <c>scheduler</c> timer function of the real handler, with and without <c>ScheduleStatus</c>: each due slot
/// fires once and comes back as a job of the Service Bus output.
/// </summary>
public sealed class FunctionsSchedulerTests : FunctionsHandlerTests
{

    private async Task<FunctionsHandlerProcess> StartAsync(string cron)
    {
        Setup.Definition("ticker.yaml", $$"""
            name: ticker
            on:
              - schedule: { cron: "{{cron}}", catch_up: all }
            repository: acme/web
            agent: { use: demo }
            instructions: Tick.
            """);
        Handler = await FunctionsHandlerProcess.StartAsync(Setup.DataDir, Setup.AutomationsDir, Setup.Settings(Setup.Agent("agent", "true")));
        return Handler;
    }

    [Theory]
    [InlineData("timer-no-status.json")]
    [InlineData("timer.json")]
    [InlineData("timer-docs.json")]
    public async Task Scheduler_TimerWithoutRecentStatus_FiresEachDueSlotOnceAsJobs(string fixture)
    {
        // ScheduleStatus null, or a Last from years ago (as recorded): the schedule counts from when the handler saw it.
        var handler = await StartAsync("* * * * * *");
        var deliveries = new List<string>();
        var clock = Stopwatch.StartNew();
        while (deliveries.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            // Slots come due as the clock moves: the timer is invoked again, as the host does every 15 seconds.
            var answer = await handler.InvokeAsync("scheduler", FunctionsHandlerProcess.Fixture(fixture));
            Assert.True(answer.Status == 200, answer.ToString());
            Assert.All(answer.Jobs, job => Assert.Equal("ticker", job.GetProperty("automation").GetString()));
            Assert.All(answer.Jobs, job => Assert.Equal("schedule", job.GetProperty("source").GetString()));
            deliveries.AddRange(answer.Jobs.Select(job => job.GetProperty("delivery").GetString()!));
            await Task.Delay(250);
        }

        Assert.True(deliveries.Count >= 2, $"no slot fired in 20 s:\n{handler.Output}");
        Assert.All(deliveries, d => Assert.StartsWith("schedule:ticker:", d, StringComparison.Ordinal));
        Assert.Equal(deliveries.Count, deliveries.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Scheduler_ScheduleStatusLastWithinAMinute_FiresTheSlotsSinceThenOnce()
    {
        // Every 10 seconds; the timer last ran 35 seconds ago, so 3 or 4 slots are due on the first invocation.
        var handler = await StartAsync("*/10 * * * * *");
        var invocation = FunctionsHandlerProcess.Fixture("timer.json");
        var last = TimeProvider.System.GetUtcNow().AddSeconds(-35).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        invocation["Data"]!["timer"]!["ScheduleStatus"]!["Last"] = last;

        var first = await handler.InvokeAsync("scheduler", invocation);
        var second = await handler.InvokeAsync("scheduler", invocation);

        Assert.True(first.Status == 200, first.ToString());
        Assert.InRange(first.Jobs.Count, 3, 4);
        Assert.Contains($"{first.Jobs.Count} slot(s) fired", Assert.Single(first.Logs), StringComparison.Ordinal);
        var seen = first.Jobs.Select(j => j.GetProperty("delivery").GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(second.Jobs, j => seen.Contains(j.GetProperty("delivery").GetString()!));
    }
}
