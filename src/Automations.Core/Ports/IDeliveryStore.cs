using Automations.Core.Events;

namespace Automations.Core.Ports;

/// <summary>Where deliveries, and the sessions and jobs they start, are made durable together.</summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Stores the delivery and, when it is new, its sessions and their jobs, in one transaction. Returns
    /// once that transaction has committed. A delivery already stored under the same source and id is a
    /// duplicate: nothing is written, and the first answer comes back. A
    /// <see cref="DeliveryStatus.Refused"/> delivery is also counted, and the refused rows beyond the
    /// store's cap are dropped oldest first, so a flood of forgeries cannot fill the disk.
    /// </summary>
    Task<RecordResult> RecordAsync(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, CancellationToken cancellationToken);

    Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken);

    /// <summary>The delivery's normalized event, its payload rebuilt from the stored body; null if it has none.</summary>
    Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDelivery>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>The deliveries with this id, of any source (ids are unique per source).</summary>
    Task<IReadOnlyList<StoredDelivery>> FindAsync(string deliveryId, CancellationToken cancellationToken);

    /// <summary>The delivery's raw body as it came in; empty for a refused one, whose body is not kept.</summary>
    Task<byte[]?> GetBodyAsync(string source, string deliveryId, CancellationToken cancellationToken);

    /// <summary>Refusals counted by source and reason, since the store began: the rows themselves are a capped rolling record.</summary>
    Task<IReadOnlyList<RefusalCount>> RefusalCountsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The greatest delivery id of a source that starts with <paramref name="prefix"/>, or null. Schedules
    /// use it: a slot's id ends with its instant in sortable form, so the greatest is the last slot fired.
    /// </summary>
    Task<string?> LastDeliveryIdAsync(string source, string prefix, CancellationToken cancellationToken);
}
