using System.Diagnostics;

namespace Automations.Bench.Latency;

/// <summary>
/// A steady load beside the probes: <c>rate</c> deliveries a second that match nothing (each is verified,
/// stored durably and answered, as any delivery), paced by the clock and spread over the engines, with up to
/// 64 in flight. It counts what was sent and what failed.
/// </summary>
internal sealed class Noise(IReadOnlyList<HttpClient> engines, int rate)
{
    private readonly byte[] _body = Deliveries.Body("noise");
    private readonly SemaphoreSlim _inFlight = new(64);
    private long _sent;
    private long _failed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    public async Task RunAsync(CancellationToken stop)
    {
        if (rate == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var n = 0L;
        while (!stop.IsCancellationRequested)
        {
            var due = TimeSpan.FromSeconds(n / (double)rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await _inFlight.WaitAsync(CancellationToken.None);
            var engine = engines[(int)(n % engines.Count)];
            var id = $"noise-{Guid.NewGuid():N}";
            n++;
            _ = Task.Run(async () =>
            {
                try
                {
                    using var request = Deliveries.Request(_body, id);
                    using var response = await engine.SendAsync(request, CancellationToken.None);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _sent : ref _failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _failed);
                }
                finally
                {
                    _inFlight.Release();
                }
            }, CancellationToken.None);
        }
    }
}
