using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>YAML kept as written, as plain data: dictionaries with string keys, lists, strings and nulls.</summary>
internal static class RawYaml
{
    /// <summary>How many values one such section may hold, aliases counted each time they are used.</summary>
    public const int MaxValues = 10_000;

    public static object? ToPlain(YamlNode node, string name, ParseContext context)
    {
        var budget = MaxValues;
        var plain = Convert(node, ref budget);
        if (budget < 0)
        {
            context.Error(node, $"'{name}' is too large (more than {MaxValues} values)");
            return null;
        }

        return plain;
    }

    private static object? Convert(YamlNode node, ref int budget)
    {
        if (--budget < 0)
        {
            return null;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    entries[key is YamlScalarNode { Value: { } text } ? text : key.ToString()] = Convert(value, ref budget);
                }

                return entries;
            case YamlSequenceNode sequence:
                var items = new List<object?>();
                foreach (var item in sequence)
                {
                    items.Add(Convert(item, ref budget));
                }

                return items;
            default:
                return ParseContext.IsNull(node) ? null : ((YamlScalarNode)node).Value;
        }
    }
}
