namespace Automations.Integrations.Sentry;

public sealed record SentryProject(string Id, string Slug, string? Name);
