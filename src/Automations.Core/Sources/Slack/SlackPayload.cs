using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources.StandardWebhooks;

namespace Automations.Core.Sources.Slack;

/// <summary>
/// Reads the subject, actor and time of a Slack <c>event_callback</c> from its inner <c>event</c>.
/// Best effort: missing or oddly typed fields give nulls.
/// </summary>
internal static class SlackPayload
{
    /// <summary>The subject type of <c>message</c> and <c>app_mention</c> events.</summary>
    public const string MessageType = "slack_message";

    /// <summary>Titles are cut to this many characters.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>
    /// A message (any subtype) or a mention: id is the message's <c>ts</c> (else <c>client_msg_id</c>),
    /// title its text's first line. <c>message_changed</c> carries the new text in <c>event.message</c>.
    /// Any other event: its own type, its <c>ts</c> or <c>event_ts</c>, and its text when it has one.
    /// </summary>
    public static EventSubject Subject(string eventType, JsonElement inner) => eventType switch
    {
        "message" or "app_mention" => new EventSubject
        {
            Type = MessageType,
            Id = inner.Child("ts").AsString()
                ?? inner.Child("client_msg_id").AsString()
                ?? inner.At("message", "ts").AsString(),
            Title = Title(inner.Child("text").AsString() ?? inner.At("message", "text").AsString()),
        },
        _ => new EventSubject
        {
            Type = eventType,
            Id = inner.Child("ts").AsString() ?? inner.Child("event_ts").AsString(),
            Title = Title(inner.Child("text").AsString()),
        },
    };

    /// <summary>Who caused it: <c>event.user</c>, else the edited message's user, else the posting bot's id.</summary>
    public static string? Actor(JsonElement inner) =>
        inner.Child("user").AsString()
        ?? inner.At("message", "user").AsString()
        ?? inner.Child("bot_id").AsString();

    /// <summary><c>event_time</c>, unix seconds, when the payload has a sensible one.</summary>
    public static DateTimeOffset? OccurredAt(JsonElement payload) => UnixSeconds.ToInstant(payload.Child("event_time").AsInt64());

    /// <summary>The first non-empty line, trimmed, cut to <see cref="MaxTitleLength"/> characters without splitting a surrogate pair.</summary>
    public static string? Title(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var end = span.IndexOfAny('\r', '\n');
        var line = (end < 0 ? span : span[..end]).TrimEnd();
        if (line.Length > MaxTitleLength)
        {
            var cut = char.IsHighSurrogate(line[MaxTitleLength - 1]) ? MaxTitleLength - 1 : MaxTitleLength;
            line = line[..cut];
        }

        return line.IsEmpty ? null : line.ToString();
    }
}
