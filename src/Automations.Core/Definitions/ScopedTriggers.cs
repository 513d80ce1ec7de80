using Automations.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>
/// Holds a connected repository's definition to its <see cref="DefinitionScope"/>: <c>repository:</c> names the
/// repository itself or one it may target; a GitHub trigger fires for the repository's own events only (a
/// condition on <c>repository</c> added to its <c>where</c>); other sources load only where granted, and
/// fire only for what is granted (a Sentry project, a Linear team, a Slack channel).
/// </summary>
internal static class ScopedTriggers
{
    private static readonly EventPath RepositoryPath = Path("repository");
    private static readonly EventPath SentryProject = Path("payload.data.issue.project.slug");
    private static readonly EventPath LinearTeam = Path("payload.data.team.key");
    private static readonly EventPath SlackChannel = Path("payload.event.channel");

    /// <summary>The repository a scoped definition acts on: its own when <paramref name="node"/> is absent.</summary>
    public static string? Repository(YamlNode? node, ParseContext context)
    {
        var scope = context.Scope!;
        if (node is null)
        {
            return scope.Repository;
        }

        if (context.Text(node, "repository") is not { } text)
        {
            return null;
        }

        if (text.Contains("{{", StringComparison.Ordinal))
        {
            context.Error(node, $"'repository' is a template; a definition in {scope.Repository} names the repository it acts on, or leaves 'repository' out to act on {scope.Repository}");
            return null;
        }

        if (!scope.MayTarget(text))
        {
            context.Error(node, $"repository '{text}' is not {scope.Repository}: a definition in {scope.Repository} acts on it alone, unless {scope.Setting}:AllowTargets lists '{text}'");
            return null;
        }

        return text;
    }

    /// <summary>The trigger held to the scope, or null after reporting at <paramref name="node"/> why it may not load.</summary>
    public static TriggerSpec? Apply(TriggerSpec trigger, YamlNode node, ParseContext context)
    {
        if (context.Scope is not { } scope)
        {
            return trigger;
        }

        switch (trigger.Source)
        {
            case "github":
                return trigger with { Where = trigger.Where.Requiring(RepositoryPath, [scope.Repository]) };
            case "schedule" when scope.Schedules:
                return trigger;
            case "schedule":
                context.Error(node, $"schedule triggers are not granted to {scope.Repository}: set {scope.Setting}:Schedules to true");
                return null;
            case "webhook" when scope.Webhooks.Contains(trigger.Endpoint!, StringComparer.OrdinalIgnoreCase):
                return trigger;
            case "webhook":
                context.Error(node, $"webhook endpoint '{trigger.Endpoint}' is not granted to {scope.Repository}: list it in {scope.Setting}:Webhooks");
                return null;
            case "sentry":
                return Granted(trigger, scope.Sentry, SentryProject, "Sentry", "projects", node, context);
            case "linear":
                return Granted(trigger, scope.Linear, LinearTeam, "Linear", "teams", node, context);
            default:
                return Granted(trigger, scope.Slack, SlackChannel, "Slack", "channels", node, context);
        }
    }

    private static TriggerSpec? Granted(TriggerSpec trigger, IReadOnlyList<string> grants, EventPath path, string setting, string what, YamlNode node, ParseContext context)
    {
        if (grants.Count > 0)
        {
            return trigger with { Where = trigger.Where.Requiring(path, grants) };
        }

        var scope = context.Scope!;
        context.Error(node, $"{trigger.Source} triggers are not granted to {scope.Repository}: list the {setting} {what} it may listen to in {scope.Setting}:{setting}");
        return null;
    }

    private static EventPath Path(string text) => EventPath.TryParse(text, out _)!;
}
