namespace Automations.Core.Definitions;

/// <summary>
/// <c>pause_below:</c> in a definition: once at least <see cref="After"/> of its pull requests ended in the
/// window, a success rate below <see cref="SuccessRate"/> pauses the automation.
/// </summary>
public sealed record PauseBelowSpec
{
    /// <summary>A share greater than 0 and at most 1.</summary>
    public required decimal SuccessRate { get; init; }

    /// <summary>Ended pull requests needed before the rate counts; at least 1.</summary>
    public required int After { get; init; }
}
