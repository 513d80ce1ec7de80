using System.Diagnostics.Metrics;
using Automations.Core.Observability;
using Automations.Core.Ports;

namespace Automations.Host.Observability;

/// <summary>
/// The queue's depth by state and the wait of its oldest due job, as observable gauges
/// (<c>automations.queue.jobs</c>, <c>automations.queue.oldest_wait</c>). Each reading is one aggregate query
/// on the store, read at most once per <see cref="Freshness"/> however often a scraper or an exporter asks.
/// </summary>
internal sealed class QueueGauges : IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private (QueueCounts? Counts, long ReadAt) _last = (null, long.MinValue);

    /// <param name="services">Where the queue is found when first read: building the meter (at the scrape endpoint's mapping) does not open the store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="meters">Where the meter comes from.</param>
    public QueueGauges(IServiceProvider services, TimeProvider time, IMeterFactory meters)
    {
        _services = services;
        _time = time;
        _meter = meters.Create(Telemetry.Name);
        _meter.CreateObservableGauge("automations.queue.jobs", Depth, "{job}", "Jobs in the queue, by state (available, leased, dead).");
        _meter.CreateObservableGauge("automations.queue.oldest_wait", Wait, "s", "How long the oldest available job has been due.");
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Depth() => Read() is { } counts
        ? [new(counts.Available, new KeyValuePair<string, object?>("state", "available")), new(counts.Leased, new KeyValuePair<string, object?>("state", "leased")), new(counts.Dead, new KeyValuePair<string, object?>("state", "dead"))]
        : [];

    private IEnumerable<Measurement<double>> Wait() => Read() is { } counts
        ? [new(counts.OldestDueAt is { } due ? Math.Max(0, (_time.GetUtcNow() - due).TotalSeconds) : 0)]
        : [];

    /// <summary>The counts, read again when older than <see cref="Freshness"/>; null when the store does not answer.</summary>
    private QueueCounts? Read()
    {
        lock (_gate)
        {
            if (_last.Counts is not null && _time.GetElapsedTime(_last.ReadAt) < Freshness)
            {
                return _last.Counts;
            }

            try
            {
                // A gauge's callback is synchronous: the query is bounded, and its answer kept for a while.
                using var timeout = new CancellationTokenSource(QueryTimeout);
                _last = (_services.GetRequiredService<IJobQueue>().CountAsync(timeout.Token).GetAwaiter().GetResult(), _time.GetTimestamp());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _last = (null, long.MinValue);
            }

            return _last.Counts;
        }
    }
}
