using System.Text.Json.Nodes;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Automations.Host.Workers;
using Automations.Storage;
using Microsoft.Extensions.Options;

namespace Automations.Host.Functions;

/// <summary>
/// <c>worker</c>: Service Bus delivers a job (<c>Data.job</c>), and the session runs here. The job's row in the
/// store is claimed by its id for the run, so a second delivery of the same job while it runs does nothing;
/// the heartbeat keeps the claim, the locks and the session alive, as in standalone mode. The answer is
/// what Service Bus does next: 2xx completes the message (the session came to rest, or it waits for a lock
/// and the scheduler hands it over again when it is due); non-2xx gives the message back, and Service Bus
/// delivers it again, with <c>DeliveryCount</c> one higher, until <c>maxDeliveryCount</c> sends it to the
/// dead-letter queue. On that last delivery the session gives up (<c>errored</c>) and the job is dead.
/// </summary>
public sealed partial class WorkerFunction(
    IJobHandoff handoff,
    JobRun jobRun,
    SessionRunner runner,
    IHostApplicationLifetime lifetime,
    IOptions<AutomationsOptions> options,
    ILogger<WorkerFunction> logger,
    TimeProvider time)
{
    private readonly FunctionsOptions _functions = options.Value.Functions;
    private readonly QueueOptions _queue = options.Value.Queue;

    public async Task<InvocationAnswer> RunAsync(Invocation invocation, string invocationId, CancellationToken requestAborted)
    {
        if (JobMessage.Read(invocation.DataOf(FunctionDefinition.JobBinding), out var error) is not { } job)
        {
            // Given back, the message is delivered again and ends in the dead-letter queue, where it can be read.
            Log.BadMessage(logger, error!);
            return InvocationAnswer.Failed(StatusCodes.Status400BadRequest, $"worker: {error}");
        }

        // Service Bus counts the deliveries; the first is 1. A message without the count is taken as a first delivery.
        var attempt = Math.Max(1, InvocationJson.Int(invocation.MetadataOf("DeliveryCount")) ?? 1);
        var workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{invocationId}";
        var claim = await handoff.ClaimAsync(job.SessionId, workerId, attempt, requestAborted);
        if (claim.Lease is not { } lease)
        {
            // A repeated or late delivery: the job runs elsewhere or is over. Completing the message loses nothing,
            // since the store, not the message, holds the job: if its run fails, it is handed over again.
            var why = claim.Outcome switch
            {
                JobClaimOutcome.Running => $"runs elsewhere ({claim.Detail})",
                JobClaimOutcome.Ended => $"is over ({claim.Detail})",
                _ => "is not in the store (its session was deleted)",
            };
            Log.NotClaimed(logger, job.SessionId, attempt, why);
            return InvocationAnswer.Ok([], $"session {job.SessionId}, delivery {attempt}: the job {why}; nothing to run");
        }

        await using (lease)
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
            var result = await jobRun.RunAsync(lease, workerId, stopping.Token);
            return await AnswerAsync(lease, result, attempt);
        }
    }

    private async Task<InvocationAnswer> AnswerAsync(IJobLease lease, SessionRunResult result, int attempt)
    {
        var sessionId = lease.Job.SessionId;
        var error = result.Error ?? "unknown error";
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case SessionRunOutcome.Finished:
                // Checkpoint: the session's rest is recorded; completing the job is the last step. A crash here
                // leaves the message to be delivered again, and the runner sees the session at rest.
                await lease.CompleteAsync(CancellationToken.None);
                Log.Finished(logger, sessionId, attempt, result.Error ?? "ok");
                return InvocationAnswer.Ok([], $"session {sessionId}, delivery {attempt}: finished{(result.Error is null ? string.Empty : $" ({result.Error})")}");
            case SessionRunOutcome.Postponed:
                // Service Bus would deliver a message given back at once, again and again: the job waits in the
                // store instead, and the scheduler function hands it over when it is due.
                await lease.PostponeAsync(result.Delay ?? TimeSpan.FromSeconds(1), CancellationToken.None);
                return InvocationAnswer.Ok([], $"session {sessionId}, delivery {attempt}: {error}; handed over again when due");
            case SessionRunOutcome.Interrupted:
                await runner.RecordRequeueAsync(sessionId, "the handler stopped; Service Bus delivers the job again", CancellationToken.None);
                await handoff.HandBackAsync(lease, ServiceBusHandoff.Owner, now + _functions.HandoffTimeout, null, CancellationToken.None);
                Log.Interrupted(logger, sessionId, attempt);
                return InvocationAnswer.Failed(StatusCodes.Status503ServiceUnavailable, $"session {sessionId}, delivery {attempt}: interrupted; Service Bus delivers it again");
            default:
                if (attempt >= _functions.MaxDeliveryCount)
                {
                    await handoff.MarkDeadAsync(lease, error, CancellationToken.None);
                    await runner.GiveUpAsync(sessionId, attempt, error, CancellationToken.None);
                    Log.GaveUp(logger, sessionId, attempt, error);
                    return InvocationAnswer.Failed(StatusCodes.Status500InternalServerError, $"session {sessionId}, delivery {attempt} of {_functions.MaxDeliveryCount}: {error}; gave up, and Service Bus dead-letters the message");
                }

                await runner.RecordRetryAsync(sessionId, attempt, error, CancellationToken.None);

                // Service Bus delivers a message given back at once; the wait before answering is the backoff
                // between attempts. The job is Service Bus's until after it, should the message be lost.
                var delay = Backoff.Delay(attempt, _queue.RetryBaseDelay, _queue.RetryMaxDelay, Random.Shared.NextDouble());
                await handoff.HandBackAsync(lease, ServiceBusHandoff.Owner, now + delay + _functions.HandoffTimeout, error, CancellationToken.None);
                Log.Failed(logger, sessionId, attempt, error, delay);
                try
                {
                    await Task.Delay(delay, time, lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the message goes back now.
                }

                return InvocationAnswer.Failed(StatusCodes.Status500InternalServerError, $"session {sessionId}, delivery {attempt} of {_functions.MaxDeliveryCount} failed: {error}; Service Bus delivers it again");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 610, Level = LogLevel.Error, Message = "A worker message is not a job, and is given back to Service Bus: {Reason}")]
        public static partial void BadMessage(ILogger logger, string reason);

        [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Session {SessionId}, delivery {Attempt}: not run, the job {Reason}")]
        public static partial void NotClaimed(ILogger logger, string sessionId, int attempt, string reason);

        [LoggerMessage(EventId = 612, Level = LogLevel.Information, Message = "Session {SessionId}, delivery {Attempt}: finished: {Result}")]
        public static partial void Finished(ILogger logger, string sessionId, int attempt, string result);

        [LoggerMessage(EventId = 613, Level = LogLevel.Warning, Message = "Session {SessionId}, delivery {Attempt}: interrupted; the message goes back to Service Bus")]
        public static partial void Interrupted(ILogger logger, string sessionId, int attempt);

        [LoggerMessage(EventId = 614, Level = LogLevel.Warning, Message = "Session {SessionId}, delivery {Attempt} failed: {Error}; the message goes back to Service Bus after {Delay}")]
        public static partial void Failed(ILogger logger, string sessionId, int attempt, string error, TimeSpan delay);

        [LoggerMessage(EventId = 615, Level = LogLevel.Error, Message = "Session {SessionId}: gave up on delivery {Attempt}: {Error}; Service Bus dead-letters the message")]
        public static partial void GaveUp(ILogger logger, string sessionId, int attempt, string error);
    }
}
