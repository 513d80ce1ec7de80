namespace Automations.Core.Ports;

/// <summary>
/// The checks due on pull requests that change automations, durable: the webhook path records one, a
/// worker takes it with a lease and finishes it. One per repository and head commit, whatever redelivers.
/// </summary>
public interface IDefinitionChecks
{
    /// <summary>Records the check as due; false when one for the same head commit was recorded before.</summary>
    Task<bool> AddAsync(DefinitionCheck check, CancellationToken cancellationToken);

    /// <summary>Takes the oldest due check (or one whose lease ran out) for <paramref name="lease"/>; null when none is due.</summary>
    Task<DefinitionCheck?> TakeAsync(TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends the check with what became of it; false when the lease was lost.</summary>
    Task<bool> FinishAsync(DefinitionCheck check, string outcome, long? checkRunId, CancellationToken cancellationToken);

    /// <summary>Due again at <paramref name="at"/> after a failure; with <paramref name="giveUp"/>, failed for good.</summary>
    Task<bool> RetryAsync(DefinitionCheck check, string error, DateTimeOffset at, bool giveUp, CancellationToken cancellationToken);
}
