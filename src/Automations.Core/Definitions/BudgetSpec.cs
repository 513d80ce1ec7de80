namespace Automations.Core.Definitions;

/// <summary><c>budget:</c> in a definition: how much its sessions may spend together.</summary>
public sealed record BudgetSpec
{
    /// <summary>US dollars all of the automation's sessions may spend in one UTC day; greater than zero.</summary>
    public required decimal DailyUsd { get; init; }
}
