namespace Automations.Integrations.Linear;

public sealed record LinearComment(string Id, string Body, string? Url);
