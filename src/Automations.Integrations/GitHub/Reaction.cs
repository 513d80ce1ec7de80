namespace Automations.Integrations.GitHub;

/// <summary>A reaction to a comment, as GitHub answers it.</summary>
public sealed record Reaction(long Id, string Content);
