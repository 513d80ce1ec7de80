using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Host.Webhooks;

/// <summary>
/// A request feature: the jobs that the request's delivery produced. A host that queues jobs outside the
/// store (the Functions handler, through its Service Bus output) sets it before the request runs, with
/// where the jobs are handed over, and takes the jobs afterwards; without it, workers find the jobs in the store.
/// </summary>
public sealed class IngestedJobs
{
    /// <summary>Where the delivery's jobs are handed over, in the delivery's own commit.</summary>
    public JobHandover? HandOver { get; init; }

    private readonly List<SessionJob> _jobs = [];

    public IReadOnlyList<SessionJob> Jobs => _jobs;

    public void Add(IEnumerable<SessionJob> jobs) => _jobs.AddRange(jobs);
}
