using Automations.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>
/// Compiles a <c>where:</c> mapping into a <see cref="WhereFilter"/>: every key an event path, every value a
/// condition. A scalar must equal, a list matches any of its items, and <c>{ glob: }</c>, <c>{ regex: }</c>,
/// <c>{ not: }</c>, <c>{ exists: }</c> do what they say. Problems are reported at their node.
/// </summary>
internal static class WhereParser
{
    internal static readonly string[] Operators = ["glob", "regex", "not", "exists"];

    /// <summary>The filter, or null when the block has errors (reported to <paramref name="context"/>).</summary>
    public static WhereFilter? Parse(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'where' must map event paths to conditions, such as where: { payload.label.name: autofix }");
            return null;
        }

        var errors = context.ErrorCount;
        var clauses = new List<WhereClause>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                context.Error(keyNode, "a key of 'where' must be an event path, such as payload.label.name");
                continue;
            }

            var path = EventPath.TryParse(key, out var pathError);
            if (path is null)
            {
                context.Error(keyNode, pathError!);
            }

            var condition = Condition(value, context, inList: false);
            if (path is not null && condition is not null)
            {
                clauses.Add(new WhereClause(path, condition));
            }
        }

        return context.ErrorCount == errors ? new WhereFilter(clauses) : null;
    }

    private static WhereCondition? Condition(YamlNode node, ParseContext context, bool inList)
    {
        switch (node)
        {
            case YamlScalarNode when ParseContext.IsNull(node):
                context.Error(node, "a condition cannot be empty or null; for a missing value write { exists: false }");
                return null;
            case YamlScalarNode scalar:
                return new EqualsCondition(scalar.Value!);
            case YamlSequenceNode when inList:
                context.Error(node, "a list of conditions cannot hold another list");
                return null;
            case YamlSequenceNode { Children.Count: 0 }:
                context.Error(node, "an empty list matches nothing");
                return null;
            case YamlSequenceNode sequence:
                var items = sequence.Children.Select(item => Condition(item, context, inList: true)).ToList();
                return items.TrueForAll(i => i is not null) ? new AnyOfCondition(items!) : null;
            default:
                return Operator((YamlMappingNode)node, context);
        }
    }

    private static WhereCondition? Operator(YamlMappingNode mapping, ParseContext context)
    {
        if (mapping.Children.Count != 1 || mapping.Children.Keys.Single() is not YamlScalarNode { Value: { } name } keyNode)
        {
            context.Error(mapping, "a condition mapping has one key: glob, regex, not or exists");
            return null;
        }

        var value = mapping.Children.Values.Single();
        switch (name)
        {
            case "glob":
                var glob = context.Text(value, "glob", trim: false);
                return glob is null ? null : new GlobCondition(glob);
            case "regex":
                var pattern = context.Text(value, "regex", trim: false);
                if (pattern is null)
                {
                    return null;
                }

                var regex = RegexCondition.TryCreate(pattern, out var regexError);
                if (regex is null)
                {
                    context.Error(value, regexError!);
                }

                return regex;
            case "not":
                var inner = Condition(value, context, inList: false);
                return inner is null ? null : new NotCondition(inner);
            case "exists":
                var exists = context.Boolean(value, "exists");
                return exists is null ? null : new ExistsCondition(exists.Value);
            default:
                var suggestion = Suggestions.Closest(name, Operators);
                context.Error(keyNode, suggestion is null
                    ? $"unknown condition '{name}'; a condition mapping has one key: glob, regex, not or exists"
                    : $"unknown condition '{name}' (did you mean '{suggestion}'?)");
                return null;
        }
    }
}
