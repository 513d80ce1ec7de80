using Automations.Core.Definitions.Actions;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>The readers of <c>merge</c>, <c>notify</c> and <c>escalate_after</c>: what follows a pull request once people are needed.</summary>
public static partial class DefinitionParser
{
    private const string MergeExample = "merge: { when: approved_and_green, method: squash }";
    private const string NotifyExample = "notify: [ { when: [needs_input, errored], slack: \"#team-alerts\" } ]";

    internal static readonly string[] MergeKeys = ["when", "method"];
    internal static readonly string[] MergeWhen = [MergeSpec.ApprovedAndGreen];
    internal static readonly string[] NotifyKeys = ["when", "slack"];

    private static MergeSpec? Merge(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"'merge' must be a mapping, such as {MergeExample}");
            return null;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, MergeKeys, "merge");
        var when = entries.TryGetValue("when", out var whenNode) ? Choice(whenNode, "when", MergeWhen, context) : MergeSpec.ApprovedAndGreen;
        var method = entries.TryGetValue("method", out var methodNode) ? Choice(methodNode, "method", MergeSpec.Methods, context) : "merge";
        return context.ErrorCount == errors && when is not null && method is not null ? new MergeSpec { When = when, Method = method } : null;
    }

    private static IReadOnlyList<NotifyRoute> Notify(YamlNode node, ParseContext context)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            context.Error(node, $"'notify' is a list of routes, such as {NotifyExample}");
            return [];
        }

        var routes = new List<NotifyRoute>();
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Error(item, $"a route of 'notify' is a mapping, such as {NotifyExample}");
                continue;
            }

            var errors = context.ErrorCount;
            var entries = context.Entries(mapping, NotifyKeys, "notify");
            if (!entries.TryGetValue("when", out var whenNode) || !entries.TryGetValue("slack", out var slackNode))
            {
                // A misspelt key was reported already: one error is enough.
                if (context.ErrorCount == errors)
                {
                    context.Error(item, $"a route of 'notify' needs 'when' and 'slack', such as {NotifyExample}");
                }

                continue;
            }

            IEnumerable<YamlNode> moments = whenNode is YamlSequenceNode list ? list.Children : [whenNode];
            var when = moments.Select(m => Choice(m, "when", NotifyWhen.All, context)).ToList();
            var slack = context.Text(slackNode, "slack");
            if (when.Count == 0)
            {
                context.Error(whenNode, $"'when' names at least one of {string.Join(", ", NotifyWhen.All)}");
            }
            else if (context.ErrorCount == errors && slack is not null)
            {
                routes.Add(new NotifyRoute { When = [.. when.OfType<string>().Distinct(StringComparer.Ordinal)], Slack = slack });
            }
        }

        return routes;
    }

    private static TimeSpan? EscalateAfter(YamlNode node, IReadOnlyList<NotifyRoute> notify, ParseContext context)
    {
        if (notify.Count == 0)
        {
            context.Error(node, $"'escalate_after' announces a waiting session again through 'notify', which is missing; such as {NotifyExample}");
            return null;
        }

        return Duration(node, "escalate_after", context);
    }

    /// <summary>One of <paramref name="choices"/>, in any case; null after reporting the value.</summary>
    private static string? Choice(YamlNode node, string name, IReadOnlyList<string> choices, ParseContext context)
    {
        if (context.Text(node, name) is not { } text)
        {
            return null;
        }

        if (choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase)) is { } chosen)
        {
            return chosen;
        }

        var suggestion = Suggestions.Closest(text, choices);
        context.Error(node, $"'{name}' is one of {string.Join(", ", choices)}, not '{text}'{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}");
        return null;
    }
}
