namespace Automations.Integrations.Linear;

/// <summary>A Linear issue: <see cref="Id"/> is its UUID, <see cref="Identifier"/> the team key and number (<c>ENG-123</c>).</summary>
public sealed record LinearIssue(string Id, string Identifier, string Title, string? Description, string Url, LinearState? State, LinearTeam? Team);
