using System.Text.Json;
using System.Text.RegularExpressions;
using Automations.Host.Tests.Cli;
using Json.Schema;

namespace Automations.Host.Tests.Schema;

/// <summary>The checked-in schema, and the definitions the project shows people: the examples and the reference's.</summary>
internal static partial class DefinitionSchemaFiles
{
    public static string CheckedInPath => Path.Combine(CommandLine.RepositoryRoot(), "docs", "automations.schema.json");

    public static JsonSchema CheckedIn() => JsonSchema.FromText(File.ReadAllText(CheckedInPath));

    /// <summary>True when <paramref name="yaml"/> is valid under <paramref name="schema"/>; the errors otherwise.</summary>
    public static (bool Valid, string Errors) Evaluate(JsonSchema schema, string yaml)
    {
        using var document = JsonDocument.Parse(YamlJson.Convert(yaml)?.ToJsonString() ?? "null");
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        return (result.IsValid, string.Join("\n", errors));
    }

    /// <summary>Every example definition: the files under examples/, and each yaml block of docs/definitions.md but a workflow, with where it is.</summary>
    public static IEnumerable<(string Where, string Yaml)> Examples()
    {
        var root = CommandLine.RepositoryRoot();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return (Path.GetRelativePath(root, file), File.ReadAllText(file));
        }

        var reference = File.ReadAllText(Path.Combine(root, "docs", "definitions.md"));
        // A GitHub Actions workflow (the user's own CI) is yaml too, but no definition.
        foreach (Match block in YamlBlock().Matches(reference).Where(b => !b.Groups["yaml"].Value.StartsWith("# .github/workflows/", StringComparison.Ordinal)))
        {
            var line = reference[..block.Index].Count(c => c == '\n') + 1;
            yield return ($"docs/definitions.md:{line}", block.Groups["yaml"].Value);
        }
    }

    [GeneratedRegex(@"^```yaml\n(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
