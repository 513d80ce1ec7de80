namespace Automations.Core.Ports;

/// <summary>
/// New jobs given to a queue outside the store in the same commit that makes them (<see cref="IJobHandoff"/>):
/// leased to <paramref name="Owner"/>, without a token, until <paramref name="Until"/>.
/// </summary>
public sealed record JobHandover(string Owner, DateTimeOffset Until);
