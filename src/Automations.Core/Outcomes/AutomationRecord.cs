namespace Automations.Core.Outcomes;

/// <summary>
/// An automation's record over a window: of its sessions created since <see cref="Since"/>, how many ran,
/// what they spent, and how their pull requests ended.
/// </summary>
public sealed record AutomationRecord
{
    /// <summary>The window people see when none is asked for.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public required DateTimeOffset Since { get; init; }

    /// <summary>Sessions created in the window.</summary>
    public long Runs { get; init; }

    /// <summary>What they spent together.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Pull requests merged and not reverted.</summary>
    public long Merged { get; init; }

    public long Closed { get; init; }

    public long Reverted { get; init; }

    /// <summary>Sessions whose pull request ended: merged, closed or reverted.</summary>
    public long Ended => Merged + Closed + Reverted;

    /// <summary>Merged and not reverted, of those that ended; null when none ended.</summary>
    public double? SuccessRate => Ended == 0 ? null : (double)Merged / Ended;

    /// <summary>All the window's spend over its merged (not reverted) pull requests; null when none.</summary>
    public decimal? CostPerMerged => Merged == 0 ? null : Math.Round(CostUsd / Merged, 4);

    /// <summary>A share as people read it: 0.3 is <c>30%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>The median time from a session's creation to its pull request (the lower middle one of an even count); null when none opened one.</summary>
    public TimeSpan? MedianToPullRequest { get; init; }
}
