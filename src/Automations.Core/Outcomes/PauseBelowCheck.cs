using System.Globalization;
using Automations.Core.Pauses;
using Automations.Core.Ports;

namespace Automations.Core.Outcomes;

/// <summary>
/// <c>pause_below</c>: after an outcome is recorded, pauses its automation when at least <c>after</c> of its
/// pull requests ended in the window and the share merged and kept is below <c>success_rate</c>.
/// </summary>
public sealed class PauseBelowCheck(IDefinitionCatalog definitions, IOutcomeStore outcomes, AutomationPauses pauses, TimeProvider time)
{
    /// <summary>Checks <paramref name="automation"/>'s record; the reason it was paused for, or null when it was not.</summary>
    public async Task<string?> CheckAsync(string automation, CancellationToken cancellationToken)
    {
        if (definitions.Current.Find(automation) is not { PauseBelow: { } rule })
        {
            return null;
        }

        var record = await outcomes.RecordOfAsync(automation, time.GetUtcNow() - AutomationRecord.DefaultWindow, cancellationToken);
        if (record.Ended < rule.After || record.SuccessRate is not { } rate || (decimal)rate >= rule.SuccessRate
            || (await pauses.GetAsync(cancellationToken)).Of(automation) is not null)
        {
            return null;
        }

        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"pause_below: success rate {AutomationRecord.Percent(rate)} ({record.Merged} of {record.Ended} pull requests merged and not reverted in {AutomationRecord.DefaultWindow.TotalDays:0} days) is below {AutomationRecord.Percent((double)rule.SuccessRate)}");
        return await pauses.PauseAsync(automation, reason, AutomationPause.PauseBelow, cancellationToken) ? reason : null;
    }
}
