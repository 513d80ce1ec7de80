using System.Text.Json;

namespace Automations.Integrations.Sentry;

/// <summary>One entry of an event: <c>exception</c>, <c>breadcrumbs</c>, <c>request</c>, <c>message</c>…; its data stays as Sentry sent it.</summary>
public sealed record SentryEventEntry(string Type, JsonElement Data);
