using Automations.Core.Ports;

namespace Automations.Core.Pauses;

/// <summary>The pause switches as read at one moment: what deliveries and schedule slots are matched against.</summary>
public sealed class PauseSnapshot(IReadOnlyList<AutomationPause> pauses)
{
    private readonly Dictionary<string, AutomationPause> _byName = pauses.ToDictionary(p => p.Automation, StringComparer.Ordinal);

    public static PauseSnapshot None { get; } = new([]);

    /// <summary>The switch that pauses all automations, when it is on.</summary>
    public AutomationPause? All => _byName.GetValueOrDefault(AutomationPause.All);

    /// <summary>The automation's own pause, whether or not all are paused.</summary>
    public AutomationPause? Of(string automation) => _byName.GetValueOrDefault(automation);

    /// <summary>Why the automation starts nothing now (<c>paused: …</c>), or null when it may start.</summary>
    public string? Why(string automation) =>
        Of(automation) is { } own ? $"paused: {own.Reason}"
        : All is { } all ? $"paused: all automations are paused ({all.Reason})"
        : null;
}
