using System.Text.RegularExpressions;
using Automations.Core.Sources;
using Automations.Core.Templates;
using Automations.Host.Tests.Cli;

namespace Automations.Host.Tests.Schema;

/// <summary><c>docs/definitions.md</c> names everything a definition may write, and the README's links lead to files the project has.</summary>
public sealed partial class DefinitionsReferenceTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(CommandLine.RepositoryRoot(), "docs", "definitions.md"));

    [Fact]
    public void Reference_NamesEveryEventKindOfEveryCatalogue()
    {
        var missing = EventCatalogues.All
            .SelectMany(c => c.Entries.Select(e => (c.Provider, Entry: e)))
            .Where(x => !Reference.Contains($"- `{x.Entry.Name}`{(x.Entry.Actions.Count > 0 ? ": " + string.Join(", ", x.Entry.Actions) : "")}", StringComparison.Ordinal)
                && !(x.Entry.Actions.Count == 0 && Reference.Contains($"`{x.Entry.Name}`", StringComparison.Ordinal)))
            .Select(x => $"{x.Provider} {x.Entry.Name}")
            .ToList();

        Assert.True(missing.Count == 0, "docs/definitions.md lacks, or lists other actions for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Reference_DescribesEveryTemplateVariableAndTopLevelKey()
    {
        var schema = Automations.Core.Definitions.DefinitionSchema.Build();
        var keys = schema["properties"]!.AsObject().Select(p => p.Key);

        Assert.All(TemplateVariables.All, v => Assert.Contains($"| `{v.Path}` | {v.Description} |", Reference, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.Contains($"| `{key}` |", Reference, StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_RelativeLinks_LeadToFilesTheProjectHas()
    {
        var root = CommandLine.RepositoryRoot();
        var links = RelativeLink().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups["path"].Value).ToList();

        Assert.Contains("docs/definitions.md", links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(root, link)) || Directory.Exists(Path.Combine(root, link)), $"README links to {link}, which the project does not have"));
    }

    [GeneratedRegex(@"\]\((?<path>(?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
