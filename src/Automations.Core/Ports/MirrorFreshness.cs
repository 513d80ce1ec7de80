namespace Automations.Core.Ports;

/// <summary>
/// How new a session's first checkout must be, from what started it: the mirror is fetched for it unless it is
/// known to be at least this new (README, design: "When a new workspace fetches").
/// </summary>
/// <param name="Since">When the session was made: a fetch begun after it saw every push the provider made before it.</param>
/// <param name="BaseCommit">The commit the session's event names for its base branch (a push to it, a pull request from it); null when it names none.</param>
public sealed record MirrorFreshness(DateTimeOffset Since, string? BaseCommit);
