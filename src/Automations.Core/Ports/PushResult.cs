namespace Automations.Core.Ports;

/// <summary>The pushed head and whether the branch holds any change beyond its base.</summary>
public sealed record PushResult(string Commit, bool HasChanges);
