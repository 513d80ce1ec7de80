namespace Automations.Core.Ports;

/// <summary>An automation paused at run time: it starts nothing until it is resumed.</summary>
/// <param name="Automation">Its name, or <see cref="All"/> for the switch that pauses every automation.</param>
/// <param name="Reason">Why, as people read it on its card and in a refused match.</param>
/// <param name="By">Who paused it: the id of a person's key, or <see cref="PauseBelow"/>.</param>
/// <param name="At">When.</param>
public sealed record AutomationPause(string Automation, string Reason, string By, DateTimeOffset At)
{
    /// <summary>The name of the switch that pauses all automations; no automation's name can be it.</summary>
    public const string All = "*";

    /// <summary>Who pauses an automation whose record fell below its <c>pause_below</c>.</summary>
    public const string PauseBelow = "pause_below";
}
