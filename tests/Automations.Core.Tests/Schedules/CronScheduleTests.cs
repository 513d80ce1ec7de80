using Automations.Core.Schedules;

namespace Automations.Core.Tests.Schedules;

public sealed class CronScheduleTests
{
    [Fact]
    public void TryParse_FiveFields_ReadsMinutePrecision()
    {
        Assert.True(CronSchedule.TryParse("0 9 * * MON-FRI", "Europe/Berlin", out var schedule, out var error), error);

        Assert.Equal("0 9 * * MON-FRI", schedule!.Expression);
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
        Assert.Equal(CatchUp.Latest, schedule.CatchUp);
        Assert.False(schedule.IncludesSeconds);
    }

    [Fact]
    public void TryParse_SixFields_ReadsSecondsFirst()
    {
        Assert.True(CronSchedule.TryParse("*/30 * * * * *", null, out var schedule, out var error), error);

        Assert.True(schedule!.IncludesSeconds);
        Assert.Equal("UTC", schedule.TimeZone);
        Assert.Equal(At("2026-01-01T00:00:30Z"), ScheduleSlots.Next(schedule, At("2026-01-01T00:00:00Z")));
    }

    [Theory]
    [InlineData("0 9 * *", "cron '0 9 * *' has 4 fields: write 5 (minute hour day month weekday) or 6 (seconds first)")]
    [InlineData("", "cron '' has 0 fields: write 5 (minute hour day month weekday) or 6 (seconds first)")]
    [InlineData("61 * * * *", "cron '61 * * * *' is not valid: each field is *, a number, a range (1-5), a list (1,3), a step (*/15) or a name (MON, JAN)")]
    [InlineData("0 0 30 2 *", "cron '0 0 30 2 *' never fires: no date matches it")]
    public void TryParse_BadCron_SaysWhy(string cron, string expected)
    {
        Assert.False(CronSchedule.TryParse(cron, null, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_UnknownZone_SaysWhy()
    {
        Assert.False(CronSchedule.TryParse("0 9 * * *", "Europe/Berln", out _, out var error));

        Assert.Equal("unknown time zone 'Europe/Berln': write a tzdb id such as Europe/Berlin, America/New_York or UTC", error);
    }

    [Fact]
    public void Equals_SameTextZoneAndCatchUp_IsEqual()
    {
        Assert.True(CronSchedule.TryParse("0 9 * * *", "UTC", out var a, out _));
        Assert.True(CronSchedule.TryParse("0  9 * * *", null, out var b, out _));

        Assert.Equal(a, b);
        Assert.NotEqual(a, b! with { CatchUp = CatchUp.All });
    }

    internal static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
