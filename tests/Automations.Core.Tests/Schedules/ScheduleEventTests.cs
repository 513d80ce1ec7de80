using Automations.Core.Schedules;

namespace Automations.Core.Tests.Schedules;

public sealed class ScheduleEventTests
{
    [Fact]
    public void Create_Slot_GivesTheScheduleEventWithItsDedupKey()
    {
        Assert.True(CronSchedule.TryParse("30 2 * * *", "Europe/Berlin", out var schedule, out _));
        var slot = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2));

        var triggerEvent = ScheduleEvent.Create("nightly", schedule!, slot);

        Assert.Equal("schedule", triggerEvent.Source);
        Assert.Equal("schedule", triggerEvent.Kind);
        Assert.Equal("schedule:nightly:2026-03-29T01:00:00Z", triggerEvent.DeliveryId);
        Assert.Equal(slot, triggerEvent.OccurredAt);
        Assert.Equal(TimeSpan.Zero, triggerEvent.OccurredAt.Offset);
        Assert.Equal("schedule", triggerEvent.Subject.Type);
        Assert.Equal("2026-03-29T01:00:00Z", triggerEvent.Subject.Id);
        Assert.Equal("nightly", triggerEvent.Subject.Title);
        Assert.Equal(
            """{"automation":"nightly","slot":"2026-03-29T01:00:00Z","cron":"30 2 * * *","timezone":"Europe/Berlin"}""",
            triggerEvent.Payload.GetRawText());
    }

    [Fact]
    public void DeliveryId_SameSlotInAnotherOffset_IsTheSame()
    {
        var utc = new DateTimeOffset(2026, 5, 1, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(ScheduleEvent.DeliveryId("a", utc), ScheduleEvent.DeliveryId("a", utc.ToOffset(TimeSpan.FromHours(2))));
    }

    [Fact]
    public void SlotOf_OwnDeliveryId_RoundTripsAndOthersAreNull()
    {
        var slot = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(slot, ScheduleEvent.SlotOf("tick", ScheduleEvent.DeliveryId("tick", slot)));
        Assert.Null(ScheduleEvent.SlotOf("tick", ScheduleEvent.DeliveryId("tick-2", slot)));
        Assert.Null(ScheduleEvent.SlotOf("tick", "schedule:tick:not-a-time"));
    }
}
