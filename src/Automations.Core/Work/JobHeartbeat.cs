using Automations.Core.Ports;
using Automations.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace Automations.Core.Work;

/// <summary>
/// While a job runs: extends its lease and the session's locks, and keeps the session's heartbeat fresh.
/// It cuts the run short when the lease is lost to another worker, or when the session ended elsewhere (a
/// stop or a delete on another instance).
/// </summary>
internal sealed partial class JobHeartbeat(ISessionStore sessions, ISessionLocks locks, JobRunnerOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>Runs the heartbeat until <paramref name="stop"/>; true when the lease was lost to another worker.</summary>
    public async Task<bool> RunAsync(IJobLease lease, CancellationTokenSource run, CancellationToken stop)
    {
        try
        {
            return await BeatAsync(lease, run, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            Log.Failed(logger, lease.Job.SessionId, ex);
            return false;
        }
    }

    private async Task<bool> BeatAsync(IJobLease lease, CancellationTokenSource run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Heartbeat, time);
        var sessionId = lease.Job.SessionId;
        while (await timer.WaitForNextTickAsync(stop))
        {
            if (!await lease.ExtendAsync(stop))
            {
                // Another worker holds the job now: this run must not go on writing as if it owned it.
                Log.LeaseLost(logger, sessionId);
                await run.CancelAsync();
                return true;
            }

            var now = time.GetUtcNow();
            await locks.ExtendAsync(sessionId, now + options.LockLease, now + options.LockLease, stop);
            var session = await sessions.GetAsync(sessionId, stop);
            if (session is null || SessionStatus.IsTerminal(session.Status))
            {
                // Stopped or deleted from another instance: the agent ends here too.
                await run.CancelAsync();
                return false;
            }

            if (session.Status == SessionStatus.Working)
            {
                await sessions.HeartbeatAsync(sessionId, stop);
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Session {SessionId}: the lease was lost to another worker; this run stops")]
        public static partial void LeaseLost(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Session {SessionId}: the heartbeat failed; the lease runs out unless the next one succeeds")]
        public static partial void Failed(ILogger logger, string sessionId, Exception exception);
    }
}
