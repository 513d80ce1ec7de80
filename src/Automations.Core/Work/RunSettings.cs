using Automations.Core.Sessions;
using Automations.Core.Definitions;

namespace Automations.Core.Work;

/// <summary>
/// What a session's runs take from its automation's definition, read in one place. A session made by
/// hand has no definition and runs on the defaults.
/// </summary>
internal sealed record RunSettings
{
    public static readonly RunSettings Defaults = new();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public string? Model { get; init; }

    public int? MaxTurns { get; init; }

    public decimal? MaxCostUsd { get; init; }

    public IReadOnlyList<string> Setup { get; init; } = [];

    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public PrebuildSpec? Prebuild { get; init; }

    public decimal? DailyBudgetUsd { get; init; }

    public int? ConcurrencyMax { get; init; }

    /// <summary><c>concurrency.on_conflict: queue</c>: wait for the key instead of being skipped.</summary>
    public bool QueueOnConflict { get; init; }


    public static RunSettings From(AutomationDefinition? definition) => definition is null
        ? Defaults
        : new RunSettings
        {
            Timeout = definition.Agent.Timeout,
            Model = definition.Agent.Model,
            MaxTurns = definition.Agent.MaxTurns,
            MaxCostUsd = definition.Agent.MaxCostUsd,
            Setup = definition.Setup,
            SetupTimeout = definition.SetupTimeout,
            Prebuild = definition.Prebuild,
            DailyBudgetUsd = definition.Budget?.DailyUsd,
            ConcurrencyMax = definition.Concurrency?.Max,
            QueueOnConflict = definition.Concurrency?.OnConflict == ConcurrencyConflict.Queue,
        };
}
