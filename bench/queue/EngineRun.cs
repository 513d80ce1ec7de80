using System.Diagnostics;
using System.Globalization;
using Automations.Core.Ports;
using Automations.Storage;
using Automations.Storage.Postgres;
using Automations.Storage.Sql;
using Npgsql;

namespace Automations.Bench.Queue;

/// <summary>
/// The engine's PostgreSQL queue, in a schema of its own that is dropped at the end:
/// enqueue (32 producers, each job a delivery with its session, first event and job, as ingest writes
/// it), lease + complete (I consumer processes of W workers draining the queue), and insert-to-start
/// latency (jobs inserted one at a time at R per second while the consumers' workers wait idle).
/// </summary>
internal static class EngineRun
{
    private const int Producers = 32;

    /// <summary>Latency run: jobs sent first and not counted, on both sides.</summary>
    private const int WarmUpJobs = 50;

    public static async Task<int> RunAsync(Options options)
    {
        var schema = $"bench_engine_{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        await ExecuteAsync(options.Connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        var connection = new NpgsqlConnectionStringBuilder(options.Connection) { SearchPath = schema }.ConnectionString;
        try
        {
            await using var database = await PostgresDatabase.OpenAsync(connection, null, null, TimeProvider.System, CancellationToken.None);
            var deliveries = new SqlDeliveryStore(database, new DeliveryStoreOptions(), TimeProvider.System);
            await using (deliveries)
            {
                var enqueue = await EnqueueAsync(deliveries, options.Jobs);
                var drain = await DrainAsync(connection, options);
                var latencies = await LatencyAsync(database, deliveries, connection, options);
                Console.WriteLine(string.Join('\t', "RESULT", "engine", options.Instances, options.Workers, options.Jobs, Rate(enqueue), Rate(drain),
                    Ms(Percentiles.Of(latencies, 50)), Ms(Percentiles.Of(latencies, 99)), latencies.Count));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(options.Connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }

        return 0;
    }

    /// <summary>Jobs per second from <paramref name="producers"/> concurrent callers of <see cref="IDeliveryStore.RecordAsync"/>.</summary>
    private static async Task<double> EnqueueAsync(SqlDeliveryStore deliveries, int jobs, int producers = Producers)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs)
            {
                await RecordAsync(deliveries, $"e-{i.ToString(CultureInfo.InvariantCulture)}", $"job-{i:D8}");
            }
        })));
        return jobs / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Jobs per second leased and completed by the consumers, from "go" to the last one done.</summary>
    private static async Task<double> DrainAsync(string connection, Options options)
    {
        var consumers = Enumerable.Range(0, options.Instances).Select(_ => ConsumerProcess.Start(connection, options.Workers, "drain")).ToList();
        try
        {
            await Task.WhenAll(consumers.Select(c => c.ExpectAsync("ready")));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(consumers.Select(c => c.SendAsync("go")));
            var done = await Task.WhenAll(consumers.Select(c => c.ExpectAsync("done")));
            var elapsed = clock.Elapsed;
            var total = done.Sum(d => int.Parse(d.AsSpan(5), CultureInfo.InvariantCulture));
            if (total != options.Jobs)
            {
                throw new InvalidOperationException($"{total} jobs were completed, not {options.Jobs}");
            }

            return total / elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var consumer in consumers)
            {
                await consumer.DisposeAsync();
            }
        }
    }

    /// <summary>Milliseconds from just before each insert to a worker holding the job, sorted.</summary>
    private static async Task<List<double>> LatencyAsync(SqlDatabase database, SqlDeliveryStore deliveries, string connection, Options options)
    {
        var consumers = Enumerable.Range(0, options.Instances).Select(_ => ConsumerProcess.Start(connection, options.Workers, "latency")).ToList();
        var latencies = new List<double>();
        try
        {
            await Task.WhenAll(consumers.Select(c => c.ExpectAsync("ready")));
            await Task.WhenAll(consumers.Select(c => c.SendAsync("go")));
            var collect = consumers.Select(c => Task.Run(async () =>
            {
                var mine = new List<double>();
                await foreach (var line in c.Lines.Reader.ReadAllAsync())
                {
                    if (line.StartsWith("lat ", StringComparison.Ordinal))
                    {
                        mine.Add(double.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
                    }
                }

                return mine;
            })).ToList();

            // The first jobs warm both sides up (code paths compiled, connections open) and are not counted.
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.Rate));
            var inserts = new List<double>();
            for (var i = -WarmUpJobs; i < options.LatencyJobs; i++)
            {
                await pace.WaitForNextTickAsync();
                var stamp = Stopwatch.GetTimestamp();
                await RecordAsync(deliveries, $"{(i < 0 ? "warm" : "lat")}-{stamp.ToString(CultureInfo.InvariantCulture)}", $"lat-{i + WarmUpJobs:D8}");
                if (i >= 0)
                {
                    inserts.Add(Stopwatch.GetElapsedTime(stamp).TotalMilliseconds);
                }
            }

            // Where the time goes: the insert's own share of the latency (its commit), apart from the wake-up and the lease.
            inserts.Sort();
            Console.WriteLine($"insert: p50 {Ms(Percentiles.Of(inserts, 50))} ms, p99 {Ms(Percentiles.Of(inserts, 99))} ms");

            // Every job is taken once: wait until the queue is empty, then stop the consumers and count.
            var queue = new SqlJobQueue(database, new QueueOptions(), TimeProvider.System);
            while (await queue.CountAsync(CancellationToken.None) is { Available: > 0 } or { Leased: > 0 })
            {
                await Task.Delay(50);
            }

            foreach (var consumer in consumers)
            {
                await consumer.DisposeAsync();
            }

            consumers.Clear();
            foreach (var mine in await Task.WhenAll(collect))
            {
                latencies.AddRange(mine);
            }
        }
        finally
        {
            foreach (var consumer in consumers)
            {
                await consumer.DisposeAsync();
            }
        }

        latencies.Sort();
        return latencies;
    }

    private static Task<RecordResult> RecordAsync(SqlDeliveryStore deliveries, string deliveryId, string sessionId) =>
        deliveries.RecordAsync(
            new DeliveryRecord
            {
                Source = "bench",
                DeliveryId = deliveryId,
                ReceivedAt = TimeProvider.System.GetUtcNow(),
                Status = DeliveryStatus.Accepted,
                Kind = "bench.job",
                HeadersJson = "{}",
                Body = "{}"u8.ToArray(),
                EventJson = "{}",
                Matched = ["bench"],
            },
            [new NewSession(sessionId, "bench", "bench.job", null)],
            CancellationToken.None);

    private static string Rate(double perSecond) => perSecond.ToString("0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }
}
