using System.Text.Json;
using Automations.Core.Events;
using Automations.Core.Sources;

namespace Automations.Core.Actors;

/// <summary>
/// What an event's payload says about whoever caused it: the names that identify them, their GitHub
/// association, their teams, and whether they are a bot. Read defensively: a missing field is no fact.
/// </summary>
internal sealed record EventActor
{
    /// <summary>How messages name them: the login or user the source reports, or <c>unknown</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Every login, id, name and email the payload gives for them; a user rule matches any.</summary>
    public required IReadOnlyList<string> Identities { get; init; }

    /// <summary>For GitHub events that carry content they wrote: its <c>author_association</c>, upper case.</summary>
    public string? Association { get; init; }

    /// <summary>Linear team keys and ids; the Slack workspace id.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    public bool IsBot { get; init; }

    /// <summary>
    /// The actor of an event from a source that reports one, or null for sources that do not
    /// (custom webhooks are signed with their own secret; schedules have no actor).
    /// </summary>
    public static EventActor? Of(TriggerEvent e) => e.Source switch
    {
        "github" => GitHub(e),
        "linear" => Linear(e),
        "slack" => Slack(e),
        "sentry" => Sentry(e),
        _ => null,
    };

    private static EventActor GitHub(TriggerEvent e)
    {
        var sender = e.Payload.Child("sender");
        var login = sender.Child("login").AsString() ?? e.Actor;
        var isBot = string.Equals(sender.Child("type").AsString(), "Bot", StringComparison.OrdinalIgnoreCase)
            || (login?.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ?? false);
        var association = GitHubKinds.AuthoredObject(e.Kind) is { } property
            ? e.Payload.At(property, "author_association").AsString()?.ToUpperInvariant()
            : null;
        return new EventActor { Name = login ?? "unknown", Identities = Present(login), Association = association, IsBot = isBot };
    }

    private static EventActor Linear(TriggerEvent e)
    {
        var actor = e.Payload.Child("actor");
        var type = actor.Child("type").AsString();
        var team = e.Payload.At("data", "team");
        return new EventActor
        {
            Name = actor.Child("name").AsString() ?? actor.Child("email").AsString() ?? e.Actor ?? "unknown",
            Identities = Present(actor.Child("id").AsIdText(), actor.Child("name").AsString(), actor.Child("email").AsString(), e.Actor),
            Teams = Present(team.Child("key").AsString(), team.Child("id").AsString(), e.Payload.At("data", "teamId").AsString()),
            // Linear marks people "user"; OAuth applications and integrations act under other types.
            IsBot = type is not null && !type.Equals("user", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static EventActor Slack(TriggerEvent e)
    {
        var inner = e.Payload.Child("event");
        var botId = inner.Child("bot_id").AsString() ?? inner.At("message", "bot_id").AsString();
        var isBot = botId is not null
            || string.Equals(inner.Child("subtype").AsString(), "bot_message", StringComparison.Ordinal);
        return new EventActor
        {
            Name = e.Actor ?? botId ?? "unknown",
            Identities = Present(inner.Child("user").AsString(), inner.At("message", "user").AsString(), botId, e.Actor),
            Teams = Present(e.Payload.Child("team_id").AsString(), inner.Child("team").AsString()),
            IsBot = isBot,
        };
    }

    /// <summary>
    /// Sentry's own events (a new issue, an alert) come from an actor of type <c>application</c> named Sentry,
    /// so the type cannot tell a bot: Sentry actors are never taken for bots.
    /// </summary>
    private static EventActor Sentry(TriggerEvent e)
    {
        var actor = e.Payload.Child("actor");
        return new EventActor
        {
            Name = actor.Child("name").AsString() ?? e.Actor ?? "unknown",
            Identities = Present(actor.Child("id").AsIdText(), actor.Child("name").AsString(), actor.Child("email").AsString(), e.Actor),
        };
    }

    private static string[] Present(params ReadOnlySpan<string?> values)
    {
        var present = new List<string>(values.Length);
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value) && !present.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                present.Add(value);
            }
        }

        return [.. present];
    }
}
