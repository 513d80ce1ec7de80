namespace Automations.Core.Ports;

/// <summary>What claiming a job by its id found: the lease, or why there is none.</summary>
public sealed record JobClaim(JobClaimOutcome Outcome, IJobLease? Lease = null, string? Detail = null)
{
    public static JobClaim Claimed(IJobLease lease) => new(JobClaimOutcome.Claimed, lease);
}
