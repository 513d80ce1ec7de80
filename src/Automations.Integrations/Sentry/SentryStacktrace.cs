namespace Automations.Integrations.Sentry;

/// <summary>A stack trace's frames, oldest call first (the frame that raised is last).</summary>
public sealed record SentryStacktrace(IReadOnlyList<SentryFrame>? Frames);
