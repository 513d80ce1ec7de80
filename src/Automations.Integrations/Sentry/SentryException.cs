namespace Automations.Integrations.Sentry;

/// <summary>One exception of an event: its type, value and stack trace.</summary>
public sealed record SentryException(string? Type, string? Value, string? Module, SentryStacktrace? Stacktrace);
