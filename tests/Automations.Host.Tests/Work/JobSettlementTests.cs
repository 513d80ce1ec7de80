using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Tests.Sessions;
using Automations.Testing;

namespace Automations.Host.Tests.Work;

/// <summary>
/// A job's settlement, the same over both hosts: <c>serve</c>'s worker loop (a lease from the store's queue)
/// and the Functions worker (a claim by id, as a Service Bus lease). Each case is one real run.
/// </summary>
public sealed class JobSettlementTests
{
    public static TheoryData<string> Hosts => [WorkBench.Worker, WorkBench.Functions];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AgentSucceeds_Completed_Done(string host)
    {
        await using var bench = new WorkBench("echo tidy > TIDY.md; echo done");
        var job = await bench.TriggerAsync();

        var settlement = await bench.RunAsync(host, job);

        Assert.Equal((JobEnd.Completed, SessionStatus.Done, 1, 1), (settlement.End, settlement.Standing!.Status, settlement.Standing.Turn, settlement.Standing.Attempt));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AgentFails_Completed_Errored(string host)
    {
        await using var bench = new WorkBench("echo 'cannot tidy' >&2; exit 3");
        var job = await bench.TriggerAsync();

        var settlement = await bench.RunAsync(host, job);

        Assert.Equal((JobEnd.Completed, SessionStatus.Errored), (settlement.End, settlement.Standing!.Status));
        Assert.True(bench.Logs.Contains("errored, attempt 1, turn 1"), string.Join('\n', bench.Logs.Lines));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task RepositoryUnreachable_BeforeTheLastAttempt_Retrying(string host)
    {
        await using var bench = new WorkBench("echo never", maxAttempts: 3, reachableRepository: false);
        var job = await bench.TriggerAsync();

        var settlement = await bench.RunAsync(host, job, delivery: 1);

        Assert.Equal(JobEnd.Retrying, settlement.End);
        Assert.NotNull(settlement.Until);
        Assert.False(SessionStatus.IsTerminal(settlement.Standing!.Status));
        Assert.Contains(await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None), e => e.Type == "attempt_failed");
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task RepositoryUnreachable_OnTheLastAttempt_Dead_AndTheSessionErrored(string host)
    {
        await using var bench = new WorkBench("echo never", maxAttempts: 1, reachableRepository: false);
        var job = await bench.TriggerAsync();

        var settlement = await bench.RunAsync(host, job, delivery: 1);

        Assert.Equal((JobEnd.Dead, SessionStatus.Errored), (settlement.End, settlement.Standing!.Status));
        Assert.StartsWith("gave up after 1 attempt(s): ", (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task SlotHeldElsewhere_Postponed_AndTheSessionStaysQueued(string host)
    {
        await using var bench = new WorkBench("echo never", extra: "concurrency: { max: 1 }");
        await bench.HolderAsync("holder");
        Assert.Null(await bench.Locks.TryAcquireAsync("slot:tidy:0", "holder", TimeProvider.System.GetUtcNow().AddHours(1), CancellationToken.None));
        var job = await bench.TriggerAsync();

        var settlement = await bench.RunAsync(host, job);

        Assert.Equal((JobEnd.Postponed, SessionStatus.Queued), (settlement.End, settlement.Standing!.Status));
        Assert.Contains("concurrency.max", settlement.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task EngineStopsMidTurn_Requeued_Queued(string host)
    {
        await using var bench = new WorkBench("sleep 30");
        var job = await bench.TriggerAsync();
        using var stopping = new CancellationTokenSource();

        var run = bench.RunAsync(host, job, stopping: stopping.Token);
        await WorkingAsync(bench, job);
        await stopping.CancelAsync();
        var settlement = await run;

        Assert.Equal((JobEnd.Requeued, SessionStatus.Queued), (settlement.End, settlement.Standing!.Status));
        Assert.Equal(SessionStatus.Queued, (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Status);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task PersonStopsTheSession_Completed_AndTheLogSaysKilled(string host)
    {
        await using var bench = new WorkBench("sleep 30");
        var job = await bench.TriggerAsync();

        var run = bench.RunAsync(host, job);
        await WorkingAsync(bench, job);
        await bench.Sessions.AppendAsync(job.SessionId, [SessionEvents.Status(SessionStatus.Killed, "stopped by a person")], CancellationToken.None);
        Assert.True(await bench.Running.StopAsync(job.SessionId, TimeSpan.FromSeconds(10), CancellationToken.None));
        var settlement = await run;

        Assert.Equal((JobEnd.Completed, SessionStatus.Killed), (settlement.End, settlement.Standing!.Status));
        var line = Assert.Single(bench.Logs.Lines, l => l.Contains($"Session {job.SessionId} of tidy: ", StringComparison.Ordinal) && !l.Contains("started", StringComparison.Ordinal));
        Assert.Contains(": killed, attempt 1, turn 1, $0, ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None), e => e.Type == SessionEventTypes.Requeued);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task PersonStopsTheSession_AsItsWorkerTakesTheJob_Completed_AndTheStopStands_AndTheAgentNeverRuns(string host)
    {
        // The stop lands after the runner read the session (queued) and just before it writes spawning over it.
        var (stopped, job) = await RunStoppedJustBeforeAsync(host, "echo ran > RAN.md; echo done", e => e.Change?.Status == SessionStatus.Spawning);
        await using var bench = stopped;

        Assert.Equal(SessionStatus.Killed, (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Status);
        var events = await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None);
        Assert.DoesNotContain(events, e => e.Type == SessionEventTypes.Prompt);
        Assert.DoesNotContain(events, e => e.Type == SessionEventTypes.Status && e.Data.GetProperty("status").GetString() == SessionStatus.Working);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task PersonStopsTheSession_FromAnotherInstance_WhileItsWorkspaceIsMade_TheStopStands_AndTheAgentNeverRuns(string host)
    {
        // The stop lands after the workspace was made and just before the turn's start (its prompt, and working) is
        // written. No process of this instance is stopped: the stop came to another one.
        var (stopped, job) = await RunStoppedJustBeforeAsync(host, "echo ran > RAN.md; echo done", e => e.Type == SessionEventTypes.Prompt);
        await using var bench = stopped;

        var events = await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None);
        var statuses = events.Where(e => e.Type == SessionEventTypes.Status).Select(e => e.Data.GetProperty("status").GetString()).ToList();
        Assert.Equal(SessionStatus.Killed, statuses[^1]);
        Assert.Single(statuses, SessionStatus.Killed);
        Assert.DoesNotContain(SessionStatus.Working, statuses);
        Assert.DoesNotContain(events, e => e.Type is SessionEventTypes.Prompt or SessionEventTypes.MessageComplete or SessionEventTypes.Branch);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task PersonStopsTheSession_FromAnotherInstance_AsItsActionsEnd_TheStopStands(string host)
    {
        // The agent's turn ended well, and the stop lands just before the session's status at rest is written.
        var (stopped, job) = await RunStoppedJustBeforeAsync(host, "echo ran > RAN.md; echo done", e => e.Change?.Status == SessionStatus.Done);
        await using var bench = stopped;

        var statuses = (await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None))
            .Where(e => e.Type == SessionEventTypes.Status).Select(e => e.Data.GetProperty("status").GetString()).ToList();
        Assert.Equal([SessionStatus.Working, SessionStatus.Killed], statuses.TakeLast(2));
        Assert.DoesNotContain(SessionStatus.Done, statuses);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task PersonStopsTheSession_FromAnotherInstance_AsItsAgentAsks_TheStopStands_AndWhatItPushedIsKept(string host)
    {
        // The agent changed a file and asked a question; the stop lands just before the question is written.
        var (stopped, job) = await RunStoppedJustBeforeAsync(host, "echo half > HALF.md; echo 'Which browser first?' > \"$AUTOMATIONS_QUESTION_FILE\"", e => e.Change?.Status == SessionStatus.NeedsInput);
        await using var bench = stopped;

        var events = await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None);
        Assert.Equal(SessionStatus.Killed, events.Last(e => e.Type == SessionEventTypes.Status).Data.GetProperty("status").GetString());
        Assert.DoesNotContain(events, e => e.Type == SessionEventTypes.Status && e.Data.GetProperty("status").GetString() == SessionStatus.NeedsInput);
        Assert.Single(events, e => e.Type == SessionEventTypes.Branch);
        Assert.Null((await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Question);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task FollowUp_TheLogGivesTheRealAttemptAndTurn(string host)
    {
        await using var bench = new WorkBench("echo tidy >> TIDY.md; echo done");
        var job = await bench.TriggerAsync();
        await bench.RunAsync(host, job);

        await bench.Sessions.PostAsync(job.SessionId, [SessionEvents.Of(SessionEventTypes.Message, new { text = "Once more.", from = "api" }, new SessionChange { IsMessage = true }), SessionEvents.Status(SessionStatus.Queued, "restored from done by a message")], CancellationToken.None);
        var settlement = await bench.RunAsync(host, job);

        Assert.Equal((JobEnd.Completed, SessionStatus.Done, 2, 2), (settlement.End, settlement.Standing!.Status, settlement.Standing.Turn, settlement.Standing.Attempt));
        Assert.Contains(bench.Logs.Lines, l => l.Contains($"Session {job.SessionId} of tidy: done, attempt 2, turn 2, ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeaseLostToAnotherWorker_Requeued_AndThisRunWritesNothingMore()
    {
        await using var bench = new WorkBench("sleep 30", leaseDuration: TimeSpan.FromSeconds(1), heartbeat: TimeSpan.FromSeconds(3));
        var job = await bench.TriggerAsync();

        var run = bench.RunAsync(WorkBench.Worker, job);
        await WorkingAsync(bench, job);
        Core.Ports.IJobLease? stolen = null;
        await Waiting.UntilAsync(async () => (stolen = await bench.StealAsync()) is not null, TimeSpan.FromSeconds(10), "the lease to run out");
        var settlement = await run;

        Assert.Equal(JobEnd.Requeued, settlement.End);
        Assert.Contains("lease was lost", settlement.Reason, StringComparison.Ordinal);
        var events = await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None);
        Assert.DoesNotContain(events, e => e.Type == SessionEventTypes.Requeued);
        Assert.NotEqual(SessionStatus.Queued, (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Status);
        await stolen!.DisposeAsync();
    }

    private static Task WorkingAsync(WorkBench bench, SessionJob job) =>
        Waiting.UntilAsync(
            async () => (await bench.Sessions.GetAsync(job.SessionId, CancellationToken.None))!.Status == SessionStatus.Working,
            TimeSpan.FromSeconds(20),
            "the agent to work");

    /// <summary>
    /// Runs a job whose agent runs <paramref name="agent"/>, while a person's stop, written as another instance writes
    /// it, lands just before the run's first append of an event that <paramref name="when"/> picks. Asserts that exactly
    /// one stop landed and that the job completed with the session killed; the caller disposes the bench.
    /// </summary>
    private static async Task<(WorkBench Bench, SessionJob Job)> RunStoppedJustBeforeAsync(string host, string agent, Func<SessionEventDraft, bool> when)
    {
        CountingSessionStore? store = null;
        var bench = new WorkBench(agent, runnerStore: s => store = new CountingSessionStore(s));
        try
        {
            var job = await bench.TriggerAsync();
            var stops = 0;
            store!.BeforeAppend = async events =>
            {
                if (events.Any(when) && Interlocked.Increment(ref stops) == 1)
                {
                    await bench.Sessions.PostAsync(job.SessionId, [SessionEvents.Status(SessionStatus.Killed, "stopped by a person")], CancellationToken.None);
                }
            };

            var settlement = await bench.RunAsync(host, job);

            Assert.Equal(1, Volatile.Read(ref stops));
            Assert.Equal((JobEnd.Completed, SessionStatus.Killed), (settlement.End, settlement.Standing!.Status));
            return (bench, job);
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }
}
