namespace Automations.Integrations.GitHub;

public sealed record GitHubLabel(long Id, string Name, string? Color);
