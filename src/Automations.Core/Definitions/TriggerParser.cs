using System.Text.RegularExpressions;
using Automations.Core.Matching;
using Automations.Core.Sources;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>
/// Reads <c>on:</c>: a list of one-key mappings (<c>- github: { event: issues.labeled }</c>) or one mapping of
/// sources, into <see cref="TriggerSpec"/>s whose kinds are full kinds or kind prefixes.
/// </summary>
internal static partial class TriggerParser
{
    private const string Example = "such as '- github: { event: issues.opened }'";

    internal static readonly string[] Sources = ["github", "sentry", "linear", "slack", "webhook", "schedule"];
    internal static readonly string[] EventKeys = ["event", "where"];
    internal static readonly string[] SentryKeys = ["resource", "action", "where"];

    /// <summary>The triggers read without error; the others are reported to <paramref name="context"/>.</summary>
    public static IReadOnlyList<TriggerSpec> Parse(YamlNode node, ParseContext context)
    {
        var triggers = new List<TriggerSpec>();
        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    if (item is YamlMappingNode { Children.Count: 1 } entry)
                    {
                        Add(triggers, entry.Children.Single(), context);
                    }
                    else
                    {
                        context.Error(item, $"each entry of 'on' is one source and its settings, {Example}");
                    }
                }

                break;
            case YamlMappingNode mapping:
                foreach (var entry in mapping.Children)
                {
                    Add(triggers, entry, context);
                }

                break;
            default:
                if (!ParseContext.IsNull(node))
                {
                    context.Error(node, $"'on' must be a list of triggers, {Example}");
                }

                break;
        }

        return triggers;
    }

    private static void Add(List<TriggerSpec> triggers, KeyValuePair<YamlNode, YamlNode> entry, ParseContext context)
    {
        var (keyNode, value) = entry;
        if (keyNode is not YamlScalarNode { Value: { } source })
        {
            context.Error(keyNode, $"a trigger starts with its source, {Example}");
            return;
        }

        if (!Sources.Contains(source))
        {
            var suggestion = Suggestions.Closest(source, Sources);
            context.Error(keyNode, suggestion is null
                ? $"unknown source '{source}'; sources are github, sentry, linear, slack, webhook and schedule"
                : $"unknown source '{source}' (did you mean '{suggestion}'?)");
            return;
        }

        if (value is not YamlMappingNode settings)
        {
            var example = source switch
            {
                "sentry" => "sentry: { resource: issue, action: created }",
                "webhook" => "webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }",
                "schedule" => "schedule: { cron: \"0 9 * * MON-FRI\", timezone: Europe/Berlin }",
                _ => $"{source}: {{ event: ... }}",
            };
            context.Error(value, $"'{source}' needs its settings, such as {example}");
            return;
        }

        if (source is "webhook" or "schedule")
        {
            var parsed = source == "webhook" ? WebhookTriggerParser.Parse(settings, context) : ScheduleTriggerParser.Parse(settings, context);
            if (parsed is not null && ScopedTriggers.Apply(parsed, keyNode, context) is { } scoped)
            {
                triggers.Add(scoped);
            }

            return;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(settings, source == "sentry" ? SentryKeys : EventKeys, source);
        var kinds = source == "sentry" ? SentryKinds(settings, entries, context) : EventKinds(source, settings, entries, context);
        var where = entries.TryGetValue("where", out var whereNode) ? WhereParser.Parse(whereNode, context) : WhereFilter.Always;
        if (context.ErrorCount == errors && where is not null
            && ScopedTriggers.Apply(new TriggerSpec { Source = source, Kinds = [.. kinds.Distinct(StringComparer.OrdinalIgnoreCase)], Where = where }, keyNode, context) is { } trigger)
        {
            triggers.Add(trigger);
        }
    }

    /// <summary><c>github.&lt;event&gt;[.&lt;action&gt;]</c>, <c>linear.&lt;Type&gt;[.&lt;action&gt;]</c>, <c>slack.&lt;event type&gt;</c>.</summary>
    private static List<string> EventKinds(string source, YamlMappingNode settings, Dictionary<string, YamlNode> entries, ParseContext context)
    {
        if (!entries.TryGetValue("event", out var eventNode))
        {
            context.Error(settings, $"'{source}' needs 'event', such as {source}: {{ event: {(source == "slack" ? "app_mention" : "issues.opened")} }}");
            return [];
        }

        var catalogue = EventCatalogues.Of(source)!;
        return [.. Names(eventNode, "event", maxParts: 2, text => CatalogueCheck.Event(catalogue, text), context).Select(name => $"{source}.{name}")];
    }

    /// <summary><c>sentry.&lt;resource&gt;.&lt;action&gt;</c>, or <c>sentry.&lt;resource&gt;</c> for every action.</summary>
    private static List<string> SentryKinds(YamlMappingNode settings, Dictionary<string, YamlNode> entries, ParseContext context)
    {
        if (!entries.TryGetValue("resource", out var resourceNode))
        {
            context.Error(settings, "'sentry' needs 'resource', such as sentry: { resource: issue, action: created }");
            return [];
        }

        if (resourceNode is not YamlScalarNode)
        {
            context.Error(resourceNode, "'resource' is one name, such as issue");
            return [];
        }

        var catalogue = EventCatalogues.Of("sentry")!;
        var resource = Names(resourceNode, "resource", maxParts: 1, text => CatalogueCheck.Resource(catalogue, text), context).SingleOrDefault();
        if (resource is null)
        {
            return [];
        }

        return entries.TryGetValue("action", out var actionNode)
            ? [.. Names(actionNode, "action", maxParts: 1, text => CatalogueCheck.Action(catalogue, resource, text), context).Select(action => $"sentry.{resource}.{action}")]
            : [$"sentry.{resource}"];
    }

    /// <summary>
    /// One name or a list of names, each of at most <paramref name="maxParts"/> dotted parts and known to
    /// <paramref name="check"/> (which says why a name is not).
    /// </summary>
    private static List<string> Names(YamlNode node, string name, int maxParts, Func<string, string?> check, ParseContext context)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            context.Error(node, $"'{name}' must name at least one");
        }

        var names = new List<string>();
        foreach (var item in items)
        {
            var text = context.Text(item, name);
            if (text is null)
            {
                continue;
            }

            if (!NamePattern().IsMatch(text) || text.Split('.').Length > maxParts)
            {
                var shape = maxParts == 1 ? "a single name such as created" : "a name or name.action, such as issues.labeled";
                context.Error(item, $"'{text}' is not a valid {name}: write {shape}");
                continue;
            }

            if (check(text) is { } problem)
            {
                context.Error(item, problem);
                continue;
            }

            names.Add(text);
        }

        return names;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
