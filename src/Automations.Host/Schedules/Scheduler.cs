using Automations.Core.Ingest;
using Automations.Core.Ports;
using Automations.Core.Schedules;
using Automations.Core.Sessions;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Schedules;

/// <summary>
/// Fires <c>schedule:</c> triggers. Each tick, for every enabled schedule, the slots due since the last
/// one fired go through the ingest pipeline as the engine's own events. A slot's delivery id is the
/// automation plus the slot's instant, so a slot is stored once whatever happens: a restart, a second
/// tick, or a second instance on the same store. The last slot fired is read back from the store, so
/// slots missed while the engine was down follow the schedule's <c>catch_up</c>.
/// </summary>
public sealed partial class Scheduler(
    IDefinitionCatalog definitions,
    IDeliveryStore deliveries,
    IngestPipeline pipeline,
    IOptions<AutomationsOptions> options,
    ILogger<Scheduler> logger,
    TimeProvider time,
    WorkSignal? signal = null) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Scheduler;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.TickInterval, time);
        try
        {
            do
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.TickFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Fires every slot that is due now; returns how many slots were fired.</summary>
    /// <param name="cancellationToken">Cancels the tick.</param>
    /// <param name="seenBy">
    /// An instant by which every schedule was already being watched, such as the Functions timer's last run:
    /// a schedule that never fired counts its slots from there rather than from the moment this process first
    /// saw it. Ignored when older than <see cref="ScheduleSlots.OnTime"/>.
    /// </param>
    public async Task<int> TickAsync(CancellationToken cancellationToken, DateTimeOffset? seenBy = null)
    {
        var now = time.GetUtcNow();
        var fired = 0;
        foreach (var (definition, schedule) in definitions.Current.Schedules)
        {
            var lastFired = await LastFiredAsync(definition.Name, schedule, now, seenBy, cancellationToken);
            foreach (var slot in ScheduleSlots.Due(schedule, lastFired, now))
            {
                var result = await pipeline.IngestOwnAsync(ScheduleEvent.Create(definition.Name, schedule, slot), definition, cancellationToken);
                signal?.Notify(result.Sessions.Count);
                Log.Fired(logger, definition.Name, ScheduleEvent.FormatSlot(slot), result.Outcome.ToString(), string.Join(',', result.Sessions));
                fired++;
            }
        }

        return fired;
    }

    private async Task<DateTimeOffset> LastFiredAsync(string automation, CronSchedule schedule, DateTimeOffset now, DateTimeOffset? seenBy, CancellationToken cancellationToken)
    {
        var last = await deliveries.LastDeliveryIdAsync("schedule", ScheduleEvent.DeliveryIdPrefix(automation), cancellationToken);
        if (last is not null && ScheduleEvent.SlotOf(automation, last) is { } fired)
        {
            return fired;
        }

        // Never fired: count from the moment this engine first saw the schedule, not from the epoch.
        var key = $"{automation}\n{schedule.Expression}\n{schedule.TimeZone}";
        if (!_firstSeen.TryGetValue(key, out var seen))
        {
            seen = now;
            _firstSeen[key] = seen;
        }

        if (seenBy is { } earlier && earlier < seen && earlier >= now - ScheduleSlots.OnTime)
        {
            seen = earlier;
        }

        return seen;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Schedule of {Automation} fired slot {Slot}: {Outcome} {Sessions}")]
        public static partial void Fired(ILogger logger, string automation, string slot, string outcome, string sessions);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Scheduler tick failed; the next tick tries again")]
        public static partial void TickFailed(ILogger logger, Exception exception);
    }
}
