using Automations.Core.Definitions;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Actors;

/// <summary>Reads <c>actors:</c>: a list of logins, <c>team:KEY</c>, <c>association:NAME</c>, <c>bots</c>, <c>anyone</c> or <c>default</c>.</summary>
internal static class ActorRuleParser
{
    public const string Bots = "bots";
    public const string Anyone = "anyone";
    public const string Default = "default";

    private const string Forms = "a login or user id, user:NAME, team:KEY, association:NAME, bots, anyone or default";

    /// <summary>The rules, or null after reporting every problem at its entry.</summary>
    public static IReadOnlyList<ActorRule>? Parse(YamlNode node, ParseContext context)
    {
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, $"'actors' must be a list, such as actors: [octocat, association:CONTRIBUTOR]; each entry is {Forms}");
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            context.Error(node, "'actors' is empty, which would refuse everyone; leave it out for the default policy");
            return null;
        }

        var errors = context.ErrorCount;
        var rules = new List<ActorRule>(sequence.Children.Count);
        foreach (var entry in sequence.Children)
        {
            if (Entry(entry, context) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return context.ErrorCount == errors ? rules : null;
    }

    private static ActorRule? Entry(YamlNode node, ParseContext context)
    {
        if (node is not YamlScalarNode || ParseContext.IsNull(node))
        {
            context.Error(node, $"each entry of 'actors' is {Forms}");
            return null;
        }

        var text = context.Text(node, "actors");
        if (text is null)
        {
            return null;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            context.Error(node, $"actor '{text}' holds a space; each entry is {Forms}");
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return text.ToLowerInvariant() switch
            {
                Bots => new ActorRule { Kind = ActorRuleKind.Bots },
                Anyone => new ActorRule { Kind = ActorRuleKind.Anyone },
                Default => new ActorRule { Kind = ActorRuleKind.Default },
                _ => new ActorRule { Kind = ActorRuleKind.User, Value = text },
            };
        }

        var prefix = text[..colon].ToLowerInvariant();
        var value = text[(colon + 1)..];
        if (value.Length == 0)
        {
            context.Error(node, $"actor '{text}' names nothing after the ':'");
            return null;
        }

        switch (prefix)
        {
            case "user":
                return new ActorRule { Kind = ActorRuleKind.User, Value = value };
            case "team":
                return new ActorRule { Kind = ActorRuleKind.Team, Value = value };
            case "association":
                var association = ActorAssociations.All.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase));
                if (association is null)
                {
                    context.Error(node, $"unknown association '{value}' in 'actors'; known: {string.Join(", ", ActorAssociations.All)}");
                    return null;
                }

                return new ActorRule { Kind = ActorRuleKind.Association, Value = association };
            default:
                context.Error(node, $"unknown actor form '{prefix}:' in '{text}'; each entry is {Forms}");
                return null;
        }
    }
}
