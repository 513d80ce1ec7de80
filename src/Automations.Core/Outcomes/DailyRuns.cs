namespace Automations.Core.Outcomes;

/// <summary>An automation's sessions created on one UTC day, and what they spent.</summary>
public sealed record DailyRuns(DateOnly Day, long Runs, decimal CostUsd);
