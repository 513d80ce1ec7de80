using System.Text.Json.Nodes;

namespace Automations.Integrations.Slack;

/// <summary>
/// A message's metadata (<c>{event_type, event_payload}</c>): invisible to people, returned by
/// <c>conversations.history</c> and <c>conversations.replies</c> with <c>include_all_metadata</c>. The engine
/// tags what it posts with it, so a retry can find a message it posted but never heard the answer for.
/// </summary>
public sealed record SlackMetadata(string EventType, JsonObject EventPayload);
