using Automations.Core.Events;
using Automations.Core.Ports;

namespace Automations.Host.DefinitionChecks;

/// <summary>
/// The real events a changed automation is tried against: the latest stored deliveries that had one
/// (accepted or unmatched; not pings, refusals or unreadable ones), apart from the schedules' own slots,
/// which a schedule trigger's cron projects instead.
/// </summary>
public sealed record StoredEvents(IReadOnlyList<TriggerEvent> Events, TimeSpan Span)
{
    /// <summary>A burst of deliveries is not taken for a rate: the span is at least an hour.</summary>
    public static readonly TimeSpan MinimumSpan = TimeSpan.FromHours(1);

    /// <summary>The source of the schedules' own deliveries (<c>ScheduleEvent</c>).</summary>
    private const string ScheduleSource = "schedule";

    public static async Task<StoredEvents> LoadAsync(IDeliveryStore deliveries, int count, CancellationToken cancellationToken)
    {
        var listed = await deliveries.ListAsync(new DeliveryQuery { Limit = count }, cancellationToken);
        var events = new List<TriggerEvent>();
        var times = new List<DateTimeOffset>();
        foreach (var delivery in listed.Where(d => d.Outcome is DeliveryStatus.Accepted or DeliveryStatus.Unmatched && d.Source != ScheduleSource))
        {
            if (await deliveries.GetEventAsync(delivery.Source, delivery.DeliveryId, cancellationToken) is { } e)
            {
                events.Add(e);
                times.Add(delivery.ReceivedAt);
            }
        }

        var span = times.Count == 0 ? TimeSpan.Zero : times.Max() - times.Min();
        return new StoredEvents(events, span < MinimumSpan ? MinimumSpan : span);
    }
}
