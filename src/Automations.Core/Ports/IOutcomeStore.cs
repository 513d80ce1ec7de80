using Automations.Core.Outcomes;
using Automations.Core.Sessions;

namespace Automations.Core.Ports;

/// <summary>How sessions' pull requests ended, and each automation's record, by aggregates in the store.</summary>
public interface IOutcomeStore
{
    /// <summary>
    /// Records the outcome when the session has none yet, or when a merged one is reverted; true when it
    /// changed (a redelivery changes nothing).
    /// </summary>
    Task<bool> RecordAsync(OutcomeChange change, CancellationToken cancellationToken);

    /// <summary>The sessions of <paramref name="repository"/> whose merged (not yet reverted) pull request has one of these merge commits.</summary>
    Task<IReadOnlyList<Session>> FindMergedByCommitAsync(string repository, IReadOnlyList<string> mergeCommitShas, CancellationToken cancellationToken);

    /// <summary>The newest session of <paramref name="repository"/> with pull request <paramref name="number"/>, merged and not yet reverted.</summary>
    Task<Session?> FindMergedByNumberAsync(string repository, int number, CancellationToken cancellationToken);

    /// <summary>The automation's record over its sessions created since <paramref name="since"/>.</summary>
    Task<AutomationRecord> RecordOfAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The automation's runs and spend per UTC day since <paramref name="since"/>; days without a run are left out.</summary>
    Task<IReadOnlyList<DailyRuns>> DailyAsync(string automation, DateTimeOffset since, CancellationToken cancellationToken);
}
