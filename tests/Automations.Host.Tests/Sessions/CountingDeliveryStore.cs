using Automations.Core.Events;
using Automations.Core.Ports;

namespace Automations.Host.Tests.Sessions;

/// <summary>A delivery store that counts the reads of a delivery's event: what a session's trigger costs a run.</summary>
internal sealed class CountingDeliveryStore(IDeliveryStore inner) : IDeliveryStore
{
    private int _eventReads;

    public int EventReads => _eventReads;

    public Task<TriggerEvent?> GetEventAsync(string source, string deliveryId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _eventReads);
        return inner.GetEventAsync(source, deliveryId, cancellationToken);
    }

    public Task<RecordResult> RecordAsync(DeliveryRecord delivery, IReadOnlyList<NewSession> sessions, CancellationToken cancellationToken) => inner.RecordAsync(delivery, sessions, cancellationToken);

    public Task<StoredDelivery?> GetAsync(string source, string deliveryId, CancellationToken cancellationToken) => inner.GetAsync(source, deliveryId, cancellationToken);

    public Task<IReadOnlyList<StoredDelivery>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<StoredDelivery>> FindAsync(string deliveryId, CancellationToken cancellationToken) => inner.FindAsync(deliveryId, cancellationToken);

    public Task<byte[]?> GetBodyAsync(string source, string deliveryId, CancellationToken cancellationToken) => inner.GetBodyAsync(source, deliveryId, cancellationToken);

    public Task<IReadOnlyList<RefusalCount>> RefusalCountsAsync(CancellationToken cancellationToken) => inner.RefusalCountsAsync(cancellationToken);

    public Task<string?> LastDeliveryIdAsync(string source, string prefix, CancellationToken cancellationToken) => inner.LastDeliveryIdAsync(source, prefix, cancellationToken);
}
