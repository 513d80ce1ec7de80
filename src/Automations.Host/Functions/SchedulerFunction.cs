using System.Text.Json.Nodes;
using Automations.Core.Ports;
using Automations.Host.Configuration;
using Automations.Host.DefinitionChecks;
using Automations.Host.Definitions;
using Automations.Host.Linear;
using Automations.Host.Schedules;
using Automations.Host.Workers;
using Microsoft.Extensions.Options;

namespace Automations.Host.Functions;

/// <summary>
/// <c>scheduler</c>: the host's timer does what the in-process loops do in standalone mode. Each invocation
/// fires the schedule slots that are due (each once: a slot's delivery id is the deliveries' primary key),
/// marks sessions whose worker stopped answering as <c>stuck</c>, runs the checks due on pull requests that
/// change automations, loads the connected repositories' definitions at the commit a push recorded (or
/// another instance loaded), and hands every job that is due to Service
/// Bus as the output <c>jobs</c>: the slots' new jobs, and jobs that became due otherwise (a postponed job,
/// a message or a run by hand through the API, a pull request's follow-up, a hand-over or worker that was lost).
/// Every 10 minutes it also says the Linear agent's last words left unsaid (<see cref="LinearLastWords"/>).
/// </summary>
public sealed partial class SchedulerFunction(
    Scheduler scheduler,
    SessionJanitor janitor,
    RepositoryDefinitions repositories,
    IJobHandoff handoff,
    IOptions<AutomationsOptions> options,
    ILogger<SchedulerFunction> logger,
    TimeProvider time,
    DefinitionCheckRunner? checks = null,
    LinearLastWords? lastWords = null)
{
    private readonly FunctionsOptions _functions = options.Value.Functions;

    public async Task<InvocationAnswer> RunAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        // {"Schedule": {...}, "ScheduleStatus": {"Last", "Next", "LastUpdated"} | null, "IsPastDue": bool}
        var timer = invocation.DataOf(FunctionDefinition.TimerBinding);
        var last = InvocationJson.Instant(InvocationJson.Property(InvocationJson.Property(timer, "ScheduleStatus"), "Last"));
        var fired = await scheduler.TickAsync(cancellationToken, last);
        await janitor.SweepAsync(cancellationToken);
        await (checks?.RunDueAsync(cancellationToken) ?? Task.CompletedTask);
        await (lastWords?.LookIfDueAsync(cancellationToken) ?? Task.CompletedTask);

        // The connected repositories converge here: a push webhook recorded the commit to load.
        await repositories.ConvergeAsync(cancellationToken);

        // Checkpoint: handed over first, sent by the host after the answer. A failed send leaves them handed
        // over until the deadline; then the next invocation hands them over again.
        var jobs = await handoff.TakeDueAsync(ServiceBusHandoff.Owner, _functions.HandoffBatch, time.GetUtcNow() + _functions.HandoffTimeout, cancellationToken);
        Log.Ticked(logger, fired, jobs.Count);
        return InvocationAnswer.Ok(
            new JsonObject { [FunctionDefinition.JobsBinding] = InvocationAnswer.Messages(jobs) },
            $"scheduler: {fired} slot(s) fired, {jobs.Count} job(s) to the {FunctionDefinition.Queue} queue{(jobs.Count == 0 ? string.Empty : ": " + string.Join(", ", jobs.Select(j => j.SessionId)))}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "Timer: {Slots} slot(s) fired, {Jobs} job(s) handed to Service Bus")]
        public static partial void Ticked(ILogger logger, int slots, int jobs);
    }
}
