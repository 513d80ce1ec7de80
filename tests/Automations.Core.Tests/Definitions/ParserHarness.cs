using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary>What the parser tests share: a minimal file, and the definition or errors a file gives.</summary>
internal static class ParserHarness
{
    /// <summary>The three required keys on lines 1 to 3, then <paramref name="rest"/> from line 4.</summary>
    public static string Minimal(string rest = "") =>
        "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\n" + rest;

    public static AutomationDefinition Valid(string yaml, string file = "automations/autofix.yaml")
    {
        var result = DefinitionParser.Parse(file, yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Definition;
    }

    public static IReadOnlyList<string> Errors(string yaml, string file = "a.yaml")
    {
        var result = DefinitionParser.Parse(file, yaml);
        Assert.Null(result.Definition);
        Assert.False(result.Succeeded);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    public static string Error(string yaml, string file = "a.yaml") => Assert.Single(Errors(yaml, file));
}
