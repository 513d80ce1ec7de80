using System.Diagnostics;
using System.Globalization;
using Automations.Core.Sessions;
using Automations.Storage;
using Automations.Storage.Postgres;
using Automations.Storage.Sql;

namespace Automations.Bench.Queue;

/// <summary>
/// One consumer instance (a process of its own, as an engine instance is), with W workers on the engine's
/// queue. <c>drain</c>: lease and complete until nothing is available. <c>latency</c>: the engine's own
/// worker loop (lease; when there is nothing, wait on the <see cref="WorkSignal"/> that LISTEN/NOTIFY
/// feeds, or the 1 s poll), printing for each job the time since it was inserted.
/// </summary>
internal static class EngineConsumer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(Options options)
    {
        var signal = new WorkSignal();
        await using var database = await PostgresDatabase.OpenAsync(options.Connection, signal, null, TimeProvider.System, CancellationToken.None);
        var queue = new SqlJobQueue(database, new QueueOptions(), TimeProvider.System);

        // The listener signals once when its LISTEN is in place: from then on no job goes unnoticed.
        await signal.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();

        var prefix = $"bench:{Environment.ProcessId}";
        if (options.Mode == "drain")
        {
            var counts = await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => DrainAsync(queue, $"{prefix}:{i}"))));
            Console.WriteLine($"done {counts.Sum().ToString(CultureInfo.InvariantCulture)}");
            return 0;
        }

        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await Console.In.ReadLineAsync();
            await stop.CancelAsync();
        });
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => WorkAsync(queue, signal, $"{prefix}:{i}", stop.Token))));
        return 0;
    }

    private static async Task<int> DrainAsync(SqlJobQueue queue, string worker)
    {
        var count = 0;
        while (await queue.TryLeaseAsync(worker, CancellationToken.None) is { } lease)
        {
            await lease.CompleteAsync(CancellationToken.None);
            count++;
        }

        return count;
    }

    private static async Task WorkAsync(SqlJobQueue queue, WorkSignal signal, string worker, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lease = await queue.TryLeaseAsync(worker, stop);
                if (lease is null)
                {
                    await signal.WaitAsync(PollInterval, stop);
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                var inserted = long.Parse(lease.Job.DeliveryId.AsSpan(lease.Job.DeliveryId.IndexOf('-', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
                if (lease.Job.DeliveryId.StartsWith("lat-", StringComparison.Ordinal))
                {
                    Console.WriteLine($"lat {Stopwatch.GetElapsedTime(inserted, started).TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)}");
                }

                await lease.CompleteAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
