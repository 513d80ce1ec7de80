namespace Automations.Integrations.Linear;

public sealed record LinearTeam(string Id, string Key, string? Name);
