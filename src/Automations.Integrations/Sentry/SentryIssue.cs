namespace Automations.Integrations.Sentry;

/// <summary>A Sentry issue (a group of events). <see cref="Count"/> is a string in Sentry's answer, as it can pass 2^53.</summary>
public sealed record SentryIssue(
    string Id,
    string? ShortId,
    string Title,
    string? Culprit,
    string? Permalink,
    string? Level,
    string? Status,
    string? Platform,
    string? Count,
    int UserCount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    SentryProject? Project);
