using System.Text.Json.Nodes;
using Automations.Core.Ports;
using Automations.Core.Work;
using Automations.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Automations.Host.Functions;

/// <summary>
/// <c>worker</c>: Service Bus delivers a job (<c>Data.job</c>), and the session runs here. The job's row in the
/// store is claimed by its id for the run, so a second delivery of the same job while it runs does nothing;
/// the heartbeat keeps the claim, the locks and the session alive, as in standalone mode. The answer is
/// what Service Bus does next: 2xx completes the message (the session came to rest, or it waits for a lock
/// and the scheduler hands it over again when it is due); non-2xx gives the message back, and Service Bus
/// delivers it again, with <c>DeliveryCount</c> one higher, until <c>maxDeliveryCount</c> sends it to the
/// dead-letter queue. On that last delivery the session gives up (<c>errored</c>) and the job is dead. The
/// claimed job is a lease like the store's own (<see cref="HandedOverLease"/>), so it runs and settles
/// through the same <see cref="JobRunner"/> as in <c>serve</c>; only the answer is this host's.
/// </summary>
public sealed partial class WorkerFunction(
    IJobHandoff handoff,
    JobRunner jobs,
    IHostApplicationLifetime lifetime,
    IOptions<AutomationsOptions> options,
    ILogger<WorkerFunction> logger,
    TimeProvider time)
{
    private readonly FunctionsOptions _functions = options.Value.Functions;
    private readonly HandoverPolicy _policy = new(
        ServiceBusHandoff.Owner,
        options.Value.Functions.HandoffTimeout,
        options.Value.Functions.MaxDeliveryCount,
        options.Value.Queue.RetryBaseDelay,
        options.Value.Queue.RetryMaxDelay);

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

        await using var handedOver = new HandedOverLease(lease, handoff, _policy, time);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var settlement = await jobs.RunAsync(handedOver, workerId, stopping.Token);
        return await AnswerAsync(settlement);
    }

    /// <summary>What Service Bus does next: complete the message (2xx), or deliver it again (non-2xx).</summary>
    private async Task<InvocationAnswer> AnswerAsync(JobSettlement settlement)
    {
        var (id, delivery, max, what) = (settlement.SessionId, settlement.Attempt, _functions.MaxDeliveryCount, settlement.Describe());
        switch (settlement.End)
        {
            case JobEnd.Completed:
                return InvocationAnswer.Ok([], $"session {id}, delivery {delivery}: finished: {what}");
            case JobEnd.Postponed:
                // The job waits in the store, not in a message given back (which Service Bus would deliver again
                // at once); the scheduler function hands it over when it is due.
                return InvocationAnswer.Ok([], $"session {id}, delivery {delivery}: {what}; handed over again when due");
            case JobEnd.Requeued:
                return InvocationAnswer.Failed(StatusCodes.Status503ServiceUnavailable, $"session {id}, delivery {delivery}: interrupted: {what}; Service Bus delivers it again");
            case JobEnd.Retrying:
                // Service Bus delivers a message given back at once; the wait before answering is the backoff.
                try
                {
                    await Task.Delay(Max(settlement.Until!.Value - time.GetUtcNow()), time, lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the message goes back now.
                }

                return InvocationAnswer.Failed(StatusCodes.Status500InternalServerError, $"session {id}, delivery {delivery} of {max} failed: {what}; Service Bus delivers it again");
            default:
                return InvocationAnswer.Failed(StatusCodes.Status500InternalServerError, $"session {id}, delivery {delivery} of {max}: {what}; gave up, and Service Bus dead-letters the message");
        }
    }

    private static TimeSpan Max(TimeSpan delay) => delay > TimeSpan.Zero ? delay : TimeSpan.Zero;

    private static partial class Log
    {
        [LoggerMessage(EventId = 610, Level = LogLevel.Error, Message = "A worker message is not a job, and is given back to Service Bus: {Reason}")]
        public static partial void BadMessage(ILogger logger, string reason);

        [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Session {SessionId}, delivery {Attempt}: not run, the job {Reason}")]
        public static partial void NotClaimed(ILogger logger, string sessionId, int attempt, string reason);
    }
}
