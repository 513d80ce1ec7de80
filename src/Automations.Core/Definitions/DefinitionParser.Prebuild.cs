using YamlDotNet.RepresentationModel;

namespace Automations.Core.Definitions;

/// <summary>The reader of <c>prebuild</c>.</summary>
public static partial class DefinitionParser
{
    internal static readonly string[] PrebuildKeys = ["commands", "paths"];

    private const string PrebuildExample = "prebuild: { commands: [npm ci], paths: [node_modules] }";

    private static PrebuildSpec? Prebuild(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"'prebuild' must be a mapping, such as {PrebuildExample}");
            return null;
        }

        var errors = context.ErrorCount;
        var entries = context.Entries(mapping, PrebuildKeys, "prebuild");
        var commands = entries.TryGetValue("commands", out var commandsNode) ? Setup(commandsNode, context, "commands") : [];
        if (commands.Count == 0 && context.ErrorCount == errors)
        {
            context.Error(commandsNode ?? node, $"'prebuild' needs 'commands', the shell commands whose result sessions start from, such as {PrebuildExample}");
        }

        var paths = new List<string>();
        if (entries.TryGetValue("paths", out var pathsNode))
        {
            foreach (var (pathNode, path) in Paths(pathsNode, context))
            {
                if (PrebuildSpec.PathProblem(path) is { } problem)
                {
                    context.Error(pathNode, $"'paths': '{path}' {problem}");
                }
                else
                {
                    paths.Add(path.TrimEnd('/'));
                }
            }
        }

        return context.ErrorCount == errors ? new PrebuildSpec { Commands = commands, Paths = paths } : null;
    }

    private static IEnumerable<(YamlNode Node, string Path)> Paths(YamlNode node, ParseContext context)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence : [node];
        foreach (var item in items)
        {
            if (context.Text(item, "paths") is { } path)
            {
                yield return (item, path);
            }
        }
    }
}
