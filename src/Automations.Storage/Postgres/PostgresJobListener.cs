using System.Globalization;
using Automations.Core.Sessions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Automations.Storage.Postgres;

/// <summary>
/// Holds one connection that <c>LISTEN</c>s on <see cref="PostgresDatabase.JobsChannel"/> and wakes this
/// instance's idle workers when another instance makes jobs runnable. A lost connection is made again
/// after a pause; meanwhile, and always, the workers' polling finds the jobs anyway, only later. The same
/// connection hears of the pushes other instances note (<see cref="PostgresDatabase.PushesChannel"/>); one
/// missed meanwhile costs a session a fetch, as <see cref="PostgresBranchPushes"/> says.
/// </summary>
internal sealed partial class PostgresJobListener : IAsyncDisposable
{
    // A connection that sees no notification for this long is checked with a query: a dead peer is found.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _instanceId;
    private readonly WorkSignal _signal;
    private readonly PostgresBranchPushes _pushes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PostgresJobListener(NpgsqlDataSource dataSource, string instanceId, WorkSignal signal, PostgresBranchPushes pushes, ILogger logger, TimeProvider time)
    {
        _dataSource = dataSource;
        _instanceId = instanceId;
        _signal = signal;
        _pushes = pushes;
        _logger = logger;
        _time = time;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>A notification's payload: who made the jobs, and how many.</summary>
    public static string Payload(string instanceId, int jobs) => PayloadPrefix(instanceId) + jobs.ToString(CultureInfo.InvariantCulture);

    /// <summary>The payload before the number of jobs, for a statement that counts them as it runs.</summary>
    public static string PayloadPrefix(string instanceId) => instanceId + " ";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop);
                connection.Notification += (_, e) => OnNotification(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.JobsChannel}; LISTEN {PostgresDatabase.PushesChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                Log.Listening(_logger, PostgresDatabase.JobsChannel, PostgresDatabase.PushesChannel);

                // Jobs made while nobody listened are found by the first look.
                _signal.Notify();
                while (!stop.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(IdleCheck, stop))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                Log.ListenFailed(_logger, RetryDelay, ex);
                try
                {
                    await Task.Delay(RetryDelay, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == PostgresDatabase.PushesChannel)
        {
            _pushes.Heard(payload);
            return;
        }

        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(payload.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var jobs))
        {
            jobs = 1;
        }
        else if (payload.AsSpan(0, space).SequenceEqual(_instanceId))
        {
            // This instance made them and has woken its own workers already.
            return;
        }

        _signal.Notify(jobs);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Listening for jobs and pushes of other instances on channels {Channel} and {Pushes}")]
        public static partial void Listening(ILogger logger, string channel, string pushes);

        [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Listening for jobs failed; workers poll until it is back, sessions fetch for pushes they did not hear of, trying again in {Delay}")]
        public static partial void ListenFailed(ILogger logger, TimeSpan delay, Exception exception);
    }
}
