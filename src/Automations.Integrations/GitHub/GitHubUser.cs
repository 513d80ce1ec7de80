namespace Automations.Integrations.GitHub;

public sealed record GitHubUser(string Login, long Id, string? Type);
