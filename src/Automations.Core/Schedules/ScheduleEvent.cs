using System.Globalization;
using System.Text.Json;
using Automations.Core.Events;

namespace Automations.Core.Schedules;

/// <summary>The event a schedule slot starts: kind <c>schedule</c>, one per automation and slot.</summary>
public static class ScheduleEvent
{
    /// <summary>A slot as UTC ISO-8601 to the second, such as <c>2026-03-29T01:00:00Z</c>.</summary>
    public static string FormatSlot(DateTimeOffset slot) =>
        slot.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>schedule:{automation}:{slot}</c>: the delivery id, so a slot fired twice (a restart between firing
    /// and recording it) is a duplicate delivery and starts nothing.
    /// </summary>
    public static string DeliveryId(string automation, DateTimeOffset slot) => DeliveryIdPrefix(automation) + FormatSlot(slot);

    /// <summary>What every delivery id of <paramref name="automation"/>'s slots starts with.</summary>
    public static string DeliveryIdPrefix(string automation) => $"schedule:{automation}:";

    /// <summary>The slot a delivery id of <paramref name="automation"/> names, or null if it names none.</summary>
    public static DateTimeOffset? SlotOf(string automation, string deliveryId) =>
        deliveryId.StartsWith(DeliveryIdPrefix(automation), StringComparison.Ordinal)
        && DateTimeOffset.TryParseExact(
            deliveryId[DeliveryIdPrefix(automation).Length..], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var slot)
            ? slot
            : null;

    /// <summary>The event for <paramref name="automation"/>'s slot at <paramref name="slot"/>.</summary>
    public static TriggerEvent Create(string automation, CronSchedule schedule, DateTimeOffset slot)
    {
        ArgumentException.ThrowIfNullOrEmpty(automation);
        ArgumentNullException.ThrowIfNull(schedule);
        var iso = FormatSlot(slot);
        var payload = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["automation"] = automation,
            ["slot"] = iso,
            ["cron"] = schedule.Expression,
            ["timezone"] = schedule.TimeZone,
        });
        return new TriggerEvent
        {
            Source = "schedule",
            Kind = "schedule",
            DeliveryId = DeliveryId(automation, slot),
            OccurredAt = slot.ToUniversalTime(),
            Subject = new EventSubject { Type = "schedule", Id = iso, Title = automation },
            Payload = payload,
        };
    }
}
