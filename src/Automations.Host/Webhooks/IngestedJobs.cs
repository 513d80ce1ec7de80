using Automations.Core.Sessions;

namespace Automations.Host.Webhooks;

/// <summary>
/// A request feature: the jobs that the request's delivery produced. A host that queues jobs outside the
/// store (the Functions handler, through its Service Bus output) sets it before the request runs and
/// takes the jobs afterwards; without it, workers find the jobs in the store.
/// </summary>
public sealed class IngestedJobs
{
    private readonly List<SessionJob> _jobs = [];

    public IReadOnlyList<SessionJob> Jobs => _jobs;

    public void Add(IEnumerable<SessionJob> jobs) => _jobs.AddRange(jobs);
}
