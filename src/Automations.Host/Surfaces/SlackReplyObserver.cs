using System.Text.Json;
using System.Text.RegularExpressions;
using Automations.Core.Events;
using Automations.Core.Ingest;
using Automations.Core.Ports;

namespace Automations.Host.Surfaces;

/// <summary>
/// A reply in a session's Slack thread (a <c>message</c> event whose <c>thread_ts</c> is the thread's first message)
/// steers that session: <c>stop</c>, <c>resume</c>, <c>retry</c>, or a message, which answers its open question or is
/// a follow-up; a reply written before another surface's answer was taken is that question's losing answer, and is
/// told so. A leading mention of the bot is left out. Bots' messages (the engine's own among them), edits and
/// other subtypes never steer; a person the automation's <c>actors:</c> refuses is refused on the delivery's record.
/// </summary>
public sealed partial class SlackReplyObserver(ISessionStore sessions, IDeliveryStore deliveries, SlackSteering steering) : IJudgingEventObserver
{
    public async Task<IReadOnlyList<RefusedMatch>> JudgeAsync(TriggerEvent triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (Read(triggerEvent) is not { } reply
            || await sessions.FindBySlackThreadAsync(reply.Thread, cancellationToken) is not { } session
            || await deliveries.GetAsync(triggerEvent.Source, triggerEvent.DeliveryId, cancellationToken) is not null)
        {
            return [];
        }

        if (steering.Refusal(session, triggerEvent) is { } refused)
        {
            return [new RefusedMatch(GitHubCommandObserver.RefusedName, refused)];
        }

        await steering.SteerAsync(session, reply.User, SteeringCommand.Parse(reply.Text), question: null, reply.Thread, cancellationToken, reply.WrittenAt);
        return [];
    }

    /// <summary>A person's plain reply in a thread: its thread (<c>channel/thread_ts</c>), its user and its text.</summary>
    private static Reply? Read(TriggerEvent e)
    {
        if (e.Source != "slack" || e.Kind != "slack.message" || e.Payload.ValueKind != JsonValueKind.Object
            || !e.Payload.TryGetProperty("event", out var inner) || inner.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var channel = Text(inner, "channel");
        var thread = Text(inner, "thread_ts");
        var user = Text(inner, "user");
        var text = Text(inner, "text");
        if (channel is null || thread is null || user is null || text is null || thread == Text(inner, "ts")
            || Text(inner, "bot_id") is not null || Text(inner, "subtype") is { } subtype && subtype != "thread_broadcast")
        {
            return null;
        }

        var said = Mention().Replace(text, string.Empty).Trim();
        return said.Length == 0 ? null : new Reply($"{channel}/{thread}", user, said, WrittenAt(Text(inner, "ts")));
    }

    /// <summary>When Slack says the reply was written: its <c>ts</c>, seconds since the epoch with microseconds after the point.</summary>
    private static DateTimeOffset? WrittenAt(string? ts) =>
        decimal.TryParse(ts, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 32503680000m
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"^\s*<@[A-Z0-9]+>\s*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Mention();

    private sealed record Reply(string Thread, string User, string Text, DateTimeOffset? WrittenAt);
}
