using Automations.Core.Definitions;
using Automations.Core.Events;

namespace Automations.Core.Actors;

/// <summary>
/// Decides whether whoever caused an event may start a definition's session. On public repositories anyone
/// can open an issue, comment or open a pull request from a fork, so by default those GitHub events pass
/// only when the author_association is OWNER, MEMBER or COLLABORATOR; labels, assignments, closing, pushes
/// and checks need triage or write access and pass. Bots start nothing unless named. Linear, Sentry and Slack
/// are signed by the provider and their workspaces are private, so their humans pass. A definition's
/// <c>actors:</c> replaces the default (<c>default</c> in the list keeps it). Pure: reads only the event.
/// </summary>
/// <remarks>
/// GitHub team membership needs the API, so <c>team:</c> never matches a GitHub event. On GitHub events that
/// need triage or write access the payload does not give the sender's association (the one there is the
/// issue's author's); the sender holds at least triage access, so <c>association:OWNER</c>, <c>MEMBER</c> and
/// <c>COLLABORATOR</c> all match them. Custom webhooks and schedules have no actor and always pass.
/// </remarks>
public static class ActorPolicy
{
    public static ActorDecision Decide(AutomationDefinition definition, TriggerEvent e)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Decide(definition.Actors, e);
    }

    /// <summary>
    /// Whether the event's actor passes <paramref name="actors"/> (a definition's <c>actors:</c>), or the default
    /// policy when it is null: who may steer a session by a comment or a reply, as who may start one.
    /// </summary>
    public static ActorDecision Decide(IReadOnlyList<ActorRule>? actors, TriggerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (EventActor.Of(e) is not { } actor)
        {
            return ActorDecision.Allow;
        }

        if (actors is not { } rules)
        {
            return Default(e, actor);
        }

        if (rules.Any(rule => Matches(rule, e, actor)))
        {
            return ActorDecision.Allow;
        }

        var list = string.Join(", ", rules);
        return ActorDecision.Refuse(actor.IsBot
            ? $"{e.Kind} by bot '{actor.Name}' is not allowed: actors: [{list}] neither names it nor includes bots"
            : $"{e.Kind} by '{actor.Name}'{Details(actor)} is not allowed by actors: [{list}]");
    }

    private static ActorDecision Default(TriggerEvent e, EventActor actor)
    {
        if (actor.IsBot)
        {
            return ActorDecision.Refuse($"{e.Kind} by bot '{actor.Name}' is not allowed: bots start nothing unless actors: names them or includes bots");
        }

        return DefaultAllowsHuman(e, actor)
            ? ActorDecision.Allow
            : ActorDecision.Refuse(
                $"{e.Kind} by '{actor.Name}' (association {actor.Association ?? "unknown"}) is not allowed: " +
                $"the default allows {string.Join(", ", ActorAssociations.Trusted)}; widen it with actors:");
    }

    private static bool DefaultAllowsHuman(TriggerEvent e, EventActor actor) =>
        GitHubKinds.AuthoredObject(e.Kind) is null
        || (actor.Association is { } association && ActorAssociations.Trusted.Contains(association, StringComparer.Ordinal));

    private static bool Matches(ActorRule rule, TriggerEvent e, EventActor actor) => rule.Kind switch
    {
        ActorRuleKind.User => actor.Identities.Any(identity => Names(rule.Value, identity)),
        ActorRuleKind.Bots => actor.IsBot,
        _ when actor.IsBot => false,
        ActorRuleKind.Anyone => true,
        ActorRuleKind.Default => DefaultAllowsHuman(e, actor),
        ActorRuleKind.Association => e.Source == "github" && (GitHubKinds.AuthoredObject(e.Kind) is null
            ? ActorAssociations.Trusted.Contains(rule.Value, StringComparer.Ordinal)
            : string.Equals(actor.Association, rule.Value, StringComparison.Ordinal)),
        ActorRuleKind.Team => actor.Teams.Contains(rule.Value, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Case-insensitive; a GitHub App's login may be written without its <c>[bot]</c> suffix.</summary>
    private static bool Names(string written, string identity) =>
        identity.Equals(written, StringComparison.OrdinalIgnoreCase)
        || identity.Equals(written + "[bot]", StringComparison.OrdinalIgnoreCase);

    private static string Details(EventActor actor)
    {
        var details = new List<string>(2);
        if (actor.Association is { } association)
        {
            details.Add($"association {association}");
        }

        if (actor.Teams.Count > 0)
        {
            details.Add($"team {string.Join("/", actor.Teams)}");
        }

        return details.Count == 0 ? "" : $" ({string.Join(", ", details)})";
    }
}
