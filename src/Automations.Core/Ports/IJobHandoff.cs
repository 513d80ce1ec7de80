using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>
/// Jobs whose deliveries go through a queue outside the store (Service Bus, in Azure Functions). The store's
/// job row stays the truth: handing a job over is a lease without a token, held by the outside queue until
/// its deadline (a delivery's new jobs are handed over in its own commit, <see cref="DeliveryRecord.HandOver"/>); the worker that the outside queue calls claims the job by its id, which turns that lease
/// into its own. A hand-over that is lost (a message never delivered, a worker gone) runs out like any
/// lease, and the job is due to be handed over again.
/// </summary>
public interface IJobHandoff
{
    /// <summary>
    /// Hands over up to <paramref name="max"/> jobs that are due: waiting and due, or leased with the lease
    /// run out (a postponed job, a job woken by a message, a hand-over or a worker that was lost).
    /// </summary>
    Task<IReadOnlyList<SessionJob>> TakeDueAsync(string owner, int max, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Leases the job with id <paramref name="sessionId"/> for <paramref name="workerId"/>, recording
    /// <paramref name="attempt"/> as its attempt: when it waits, is handed over, or its worker's lease ran out.
    /// </summary>
    Task<JobClaim> ClaimAsync(string sessionId, string workerId, int attempt, CancellationToken cancellationToken);

    /// <summary>Hands a claimed job back to the outside queue until <paramref name="until"/>, with the reason of the failed attempt, if any.</summary>
    Task HandBackAsync(IJobLease lease, string owner, DateTimeOffset until, string? error, CancellationToken cancellationToken);

    /// <summary>The claimed job's last attempt failed: it is dead, with <paramref name="error"/>.</summary>
    Task MarkDeadAsync(IJobLease lease, string error, CancellationToken cancellationToken);
}
