using Automations.Core.Ports;
using Automations.Host.Jobs;

namespace Automations.Host.Api;

/// <summary><c>/api/queue</c>: depth, age, the instances and what each runs, dead jobs; and a dead job's replay.</summary>
public static class QueueEndpoints
{
    public static RouteGroupBuilder MapQueue(this RouteGroupBuilder api)
    {
        api.MapGet("/queue", GetAsync);
        api.MapPost("/jobs/{id}/replay", ReplayAsync);
        return api;
    }

    internal static async Task<IResult> GetAsync(IJobQueue queue, IInstanceRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        var view = await QueueView.LoadAsync(queue, registry, time, cancellationToken);
        return TypedResults.Ok(new
        {
            waiting = view.Counts.Available,
            running = view.Counts.Leased,
            dead = view.Counts.Dead,
            oldestWaitingSince = view.Counts.OldestDueAt,
            instances = view.Instances.Select(i => new { instance = i.Instance, gone = i.Gone, sessions = i.Running.Select(j => j.SessionId) }),
            unclaimed = view.Unclaimed,
            deadJobs = view.Dead,
        });
    }

    /// <summary>A dead job back to the queue, its attempts reset, its session queued.</summary>
    internal static async Task<IResult> ReplayAsync(JobReplay replay, string id, CancellationToken cancellationToken) =>
        SessionEndpoints.Map(await replay.ReplayAsync(id, cancellationToken));
}
