using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Workers;

/// <summary>
/// Looks after sessions nobody is looking after: a <c>working</c> session whose heartbeat went stale
/// (its worker died) becomes <c>stuck</c>, and its job comes back when the lease runs out; the
/// workspaces of sessions that ended longer ago than the retention period are removed; sessions waiting
/// for a person past their <c>escalate_after</c> are announced again (<see cref="SessionEscalations"/>).
/// </summary>
public sealed partial class SessionJanitor(
    ISessionStore sessions,
    IWorkspaceProvider workspaces,
    RunningSessions running,
    SessionEscalations escalations,
    IOptions<AutomationsOptions> options,
    ILogger<SessionJanitor> logger,
    TimeProvider time) : BackgroundService
{
    private readonly TimeSpan _interval = options.Value.Worker.SweepInterval ?? options.Value.Queue.LeaseDuration / 3;
    private readonly TimeSpan _stuckAfter = options.Value.Worker.StuckAfter ?? options.Value.Queue.LeaseDuration * 2 / 3;
    private readonly TimeSpan _retention = options.Value.Worker.WorkspaceRetention;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Worker.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.SweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: stale heartbeats become <c>stuck</c>; old ended sessions lose their workspaces; long waits are escalated.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in await sessions.MarkStuckAsync(now - _stuckAfter, cancellationToken))
        {
            Log.Stuck(logger, id);
        }

        foreach (var id in await escalations.SweepAsync(cancellationToken))
        {
            Log.Escalated(logger, id);
        }

        foreach (var id in workspaces.ListSessions())
        {
            if (running.IsRunning(id))
            {
                continue;
            }

            var session = await sessions.GetAsync(id, cancellationToken);
            var ended = session is null || (SessionStatus.IsTerminal(session.Status) && session.UpdatedAt <= now - _retention);
            if (ended)
            {
                await workspaces.RemoveAsync(id, cancellationToken);
                Log.Removed(logger, id);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Session {SessionId} is stuck: its heartbeat is stale; its job will run again when the lease runs out")]
        public static partial void Stuck(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Removed the workspace of ended session {SessionId}")]
        public static partial void Removed(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 323, Level = LogLevel.Information, Message = "Session {SessionId} has waited for a person past its escalate_after; it is announced again")]
        public static partial void Escalated(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "The session janitor's sweep failed; it tries again")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
