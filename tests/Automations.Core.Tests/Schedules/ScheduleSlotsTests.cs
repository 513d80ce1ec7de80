using Automations.Core.Schedules;

namespace Automations.Core.Tests.Schedules;

public sealed class ScheduleSlotsTests
{
    private static DateTimeOffset At(string iso) => CronScheduleTests.At(iso);

    private static CronSchedule Schedule(string cron, string? zone = null, CatchUp catchUp = CatchUp.Latest)
    {
        Assert.True(CronSchedule.TryParse(cron, zone, out var schedule, out var error), error);
        return schedule! with { CatchUp = catchUp };
    }

    /// <summary>Every slot in (from, to], by repeated <see cref="ScheduleSlots.Next"/>.</summary>
    private static List<DateTimeOffset> Walk(CronSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var slots = new List<DateTimeOffset>();
        for (var slot = ScheduleSlots.Next(schedule, from); slot is { } s && s <= to; slot = ScheduleSlots.Next(schedule, s))
        {
            slots.Add(s);
        }

        return slots;
    }

    [Fact]
    public void Next_WorkdaysInBerlin_UsesTheZonesOffset()
    {
        var schedule = Schedule("0 9 * * MON-FRI", "Europe/Berlin");

        // Friday 2026-01-09 10:00 in Berlin (UTC+1): next is Monday 09:00 local = 08:00Z.
        Assert.Equal(At("2026-01-12T08:00:00Z"), ScheduleSlots.Next(schedule, At("2026-01-09T09:00:00Z")));
        // Summer (UTC+2).
        Assert.Equal(At("2026-07-01T07:00:00Z"), ScheduleSlots.Next(schedule, At("2026-06-30T08:00:00Z")));
    }

    [Theory]
    // 28th 02:30 CET = 01:30Z; 29th 02:30 does not exist: 03:00 CEST = 01:00Z; 30th 02:30 CEST = 00:30Z.
    [InlineData("Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-30T12:00:00Z", new[] { "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z" })]
    // 7th 02:30 EST = 07:30Z; 8th 02:30 does not exist: 03:00 EDT = 07:00Z; 9th 02:30 EDT = 06:30Z.
    [InlineData("America/New_York", "2026-03-07T00:00:00Z", "2026-03-09T12:00:00Z", new[] { "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z" })]
    public void Next_LocalTimeSkippedBySpringForward_FiresOnceAtTheGapsEnd(string zone, string from, string to, string[] expected)
    {
        var schedule = Schedule("30 2 * * *", zone);

        var slots = Walk(schedule, At(from), At(to));

        Assert.Equal(expected.Select(At), slots);
    }

    [Fact]
    public void Next_SeveralTimesInTheGap_FireOnce()
    {
        var schedule = Schedule("*/20 2 * * *", "Europe/Berlin");

        var slots = Walk(schedule, At("2026-03-29T00:00:00Z"), At("2026-03-29T12:00:00Z"));

        Assert.Equal([At("2026-03-29T01:00:00Z")], slots);
    }

    [Theory]
    // 25th 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET): only the first fires.
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z", new[] { "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z" })]
    // 1st 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): only the first fires; the 2nd's is at 06:30Z.
    [InlineData("America/New_York", "30 1 * * *", "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", new[] { "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z" })]
    public void Next_LocalTimeRepeatedByFallBack_FiresOnceAtTheEarlierOccurrence(string zone, string cron, string from, string to, string[] expected)
    {
        var schedule = Schedule(cron, zone);

        var slots = Walk(schedule, At(from), At(to));

        Assert.Equal(expected.Select(At), slots);
    }

    [Fact]
    public void Next_FromInsideTheRepeatedHour_SkipsTheLaterDuplicate()
    {
        var schedule = Schedule("30 2 * * *", "Europe/Berlin");

        // 01:00Z is 02:00 CET, the second 02:00: the 02:30 of that night already fired at 00:30Z.
        Assert.Equal(At("2026-10-26T01:30:00Z"), ScheduleSlots.Next(schedule, At("2026-10-25T01:00:00Z")));
    }

    [Fact]
    public void Next_HourlyAcrossFallBack_NeverRepeatsALocalTime()
    {
        var schedule = Schedule("0 * * * *", "Europe/Berlin");

        var slots = Walk(schedule, At("2026-10-24T23:30:00Z"), At("2026-10-25T03:30:00Z"));

        // Local 02:00 CEST (00:00Z), then 03:00 CET (02:00Z): the second 02:00 (01:00Z) does not fire.
        Assert.Equal([At("2026-10-25T00:00:00Z"), At("2026-10-25T02:00:00Z"), At("2026-10-25T03:00:00Z")], slots);
    }

    [Fact]
    public void Next_EverySecondAcrossFallBack_SkipsTheRepeatedHour()
    {
        var schedule = Schedule("* * * * * *", "Europe/Berlin");

        Assert.Equal(
            [At("2026-10-25T00:59:59Z"), At("2026-10-25T02:00:00Z"), At("2026-10-25T02:00:01Z")],
            Walk(schedule, At("2026-10-25T00:59:58Z"), At("2026-10-25T02:00:01Z")));
        Assert.Equal(At("2026-10-25T02:00:00Z"), ScheduleSlots.Next(schedule, At("2026-10-25T01:30:00Z")));
    }

    [Fact]
    public void Due_NothingMissed_GivesTheOnTimeSlot()
    {
        var schedule = Schedule("0 * * * *", catchUp: CatchUp.None);

        Assert.Equal([At("2026-05-01T10:00:00Z")], ScheduleSlots.Due(schedule, At("2026-05-01T09:00:00Z"), At("2026-05-01T10:00:05Z")));
        Assert.Empty(ScheduleSlots.Due(schedule, At("2026-05-01T10:00:00Z"), At("2026-05-01T10:00:05Z")));
    }

    [Theory]
    [InlineData(CatchUp.Latest, new[] { "2026-05-01T12:00:00Z" })]
    [InlineData(CatchUp.All, new[] { "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z", "2026-05-01T12:00:00Z" })]
    [InlineData(CatchUp.None, new string[0])]
    public void Due_ThreeHourOutageOnHourlySchedule_FollowsCatchUp(CatchUp catchUp, string[] expected)
    {
        var schedule = Schedule("0 * * * *", catchUp: catchUp);

        // Fired 09:00, down from 09:10 to 12:10: 10:00, 11:00 and 12:00 were missed.
        var due = ScheduleSlots.Due(schedule, At("2026-05-01T09:00:00Z"), At("2026-05-01T12:10:00Z"));

        Assert.Equal(expected.Select(At), due);
    }

    [Fact]
    public void Due_OutageEndingAtASlot_NoneStillFiresTheOnTimeSlot()
    {
        var schedule = Schedule("0 * * * *", catchUp: CatchUp.None);

        var due = ScheduleSlots.Due(schedule, At("2026-05-01T09:00:00Z"), At("2026-05-01T12:00:30Z"));

        Assert.Equal([At("2026-05-01T12:00:00Z")], due);
    }

    [Fact]
    public void Due_AllAfterALongOutage_GivesTheLatestHundred()
    {
        var schedule = Schedule("* * * * * *", catchUp: CatchUp.All);

        var due = ScheduleSlots.Due(schedule, At("2026-05-01T00:00:00Z"), At("2026-05-08T00:00:00Z"));

        Assert.Equal(ScheduleSlots.MaxSlots, due.Count);
        Assert.Equal(At("2026-05-07T23:58:21Z"), due[0]);
        Assert.Equal(At("2026-05-08T00:00:00Z"), due[^1]);
    }

    [Fact]
    public void Due_EverySecondOnTime_GivesEverySlotSinceTheLastOne()
    {
        var schedule = Schedule("* * * * * *");

        var due = ScheduleSlots.Due(schedule, At("2026-05-01T00:00:00Z"), At("2026-05-01T00:00:15Z"));

        Assert.Equal(15, due.Count);
    }

    [Fact]
    public void Due_NowNotAfterLastFired_IsEmpty()
    {
        var schedule = Schedule("* * * * * *", catchUp: CatchUp.All);

        Assert.Empty(ScheduleSlots.Due(schedule, At("2026-05-01T00:00:00Z"), At("2026-05-01T00:00:00Z")));
    }
}
