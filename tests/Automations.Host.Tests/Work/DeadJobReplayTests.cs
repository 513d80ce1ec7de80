using Automations.Core.Definitions;
using Automations.Core.Ports;
using Automations.Core.Sessions;
using Automations.Core.Work;
using Automations.Host.Jobs;

namespace Automations.Host.Tests.Work;

/// <summary>A dead job replayed (<see cref="JobReplay"/>) runs on from where it died, in one real run each time.</summary>
public sealed class DeadJobReplayTests
{
    [Fact]
    public async Task DeadBeforeItsTurn_Replayed_RunsTheTurnAndIsDone()
    {
        await using var bench = new WorkBench("echo tidy > TIDY.md", maxAttempts: 1, reachableRepository: false);
        var job = await bench.TriggerAsync();
        Assert.Equal(JobEnd.Dead, (await bench.RunAsync(WorkBench.Worker, job)).End);
        bench.MakeRepositoryReachable();

        var replay = await new JobReplay(bench.Queue, bench.Sessions, new WorkSignal()).ReplayAsync(job.SessionId, CancellationToken.None);
        var settlement = await bench.RunAsync(WorkBench.Worker, job);

        Assert.True(replay.Succeeded, replay.Problem);
        Assert.Equal((JobEnd.Completed, SessionStatus.Done, 1), (settlement.End, settlement.Standing!.Status, settlement.Attempt));
    }

    [Fact]
    public async Task DeadAfterItsTurn_ByADeferredAction_Replayed_SettlesWithoutAnotherTurn()
    {
        var actions = new DeferredWhileWorking();
        await using var bench = new WorkBench("echo tidy > TIDY.md", maxAttempts: 1, actions: actions);
        var job = await bench.TriggerAsync();
        var dead = await bench.RunAsync(WorkBench.Worker, job);
        Assert.Equal((JobEnd.Dead, SessionStatus.Errored), (dead.End, dead.Standing!.Status));
        actions.Down = false;

        var replay = await new JobReplay(bench.Queue, bench.Sessions, new WorkSignal()).ReplayAsync(job.SessionId, CancellationToken.None);
        var settlement = await bench.RunAsync(WorkBench.Worker, job);

        Assert.True(replay.Succeeded, replay.Problem);
        Assert.Equal((JobEnd.Completed, SessionStatus.Done), (settlement.End, settlement.Standing!.Status));
        var events = await bench.Sessions.GetEventsAsync(job.SessionId, 0, CancellationToken.None);
        Assert.Single(events, e => e.Type == SessionEventTypes.Prompt);
        Assert.True(actions.ActedAfterTheTurn > 0, "the actions never saw the session as after its turn");
        Assert.Equal(409, (await new JobReplay(bench.Queue, bench.Sessions, new WorkSignal()).ReplayAsync(job.SessionId, CancellationToken.None)).StatusCode);
    }

    /// <summary>A provider that is down once the agent's turn has ended: the actions after it are deferred.</summary>
    private sealed class DeferredWhileWorking : ISessionActions
    {
        public bool Down { get; set; } = true;

        /// <summary>Calls made, once the provider is back, for a session whose turn ended well (a pull request is opened then).</summary>
        public int ActedAfterTheTurn { get; private set; }

        public Task<ActionsOutcome> ReconcileAsync(SessionRun run, AutomationDefinition definition, CancellationToken cancellationToken)
        {
            var working = run.Session.Status == SessionStatus.Working;
            ActedAfterTheTurn += !Down && working ? 1 : 0;
            return Task.FromResult(Down && working ? new ActionsOutcome(null, "the provider is down") : ActionsOutcome.None);
        }
    }
}
