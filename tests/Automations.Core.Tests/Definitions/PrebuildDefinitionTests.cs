using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>prebuild:</c>: its commands and kept paths, and what is refused with where.</summary>
public sealed class PrebuildDefinitionTests
{
    /// <summary>The three required keys on lines 1 to 3, then <paramref name="rest"/> from line 4.</summary>
    private static string Minimal(string rest = "") =>
        "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\n" + rest;

    private static string Error(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.Null(result.Definition);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Parse_Prebuild_KeepsCommandsAndPaths()
    {
        var result = DefinitionParser.Parse("a.yaml", Minimal("prebuild:\n  commands: [npm ci --offline, npm run build]\n  paths: [node_modules, packages/web/dist/]\nsetup: npm run codegen\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var prebuild = result.Definition.Prebuild!;
        Assert.Equal(["npm ci --offline", "npm run build"], prebuild.Commands);
        Assert.Equal(["node_modules", "packages/web/dist"], prebuild.Paths);
        Assert.Equal(["npm run codegen"], result.Definition.Setup);
    }

    [Fact]
    public void Parse_PrebuildWithOneCommandAndNoPaths_KeepsWhatTheCommitDoesNotTrack()
    {
        var prebuild = DefinitionParser.Parse("a.yaml", Minimal("prebuild: { commands: npm ci }\n")).Definition!.Prebuild!;

        Assert.Equal(["npm ci"], prebuild.Commands);
        Assert.Empty(prebuild.Paths);
        Assert.Null(DefinitionParser.Parse("a.yaml", Minimal()).Definition!.Prebuild);
    }

    [Theory]
    [InlineData("prebuild: [npm ci]", "a.yaml:4:11: 'prebuild' must be a mapping, such as prebuild: { commands: [npm ci], paths: [node_modules] }")]
    [InlineData("prebuild: { paths: [node_modules] }", "a.yaml:4:11: 'prebuild' needs 'commands', the shell commands whose result sessions start from, such as prebuild: { commands: [npm ci], paths: [node_modules] }")]
    [InlineData("prebuild: { commands: [] }", "a.yaml:4:23: 'prebuild' needs 'commands', the shell commands whose result sessions start from, such as prebuild: { commands: [npm ci], paths: [node_modules] }")]
    [InlineData("prebuild: { commands: [npm ci], paths: [../outside] }", "a.yaml:4:41: 'paths': '../outside' may not hold '.' or '..'")]
    [InlineData("prebuild: { commands: [npm ci], paths: [/abs] }", "a.yaml:4:41: 'paths': '/abs' must be relative to the repository's root")]
    [InlineData("prebuild: { commands: [npm ci], paths: [.git/hooks] }", "a.yaml:4:41: 'paths': '.git/hooks' may not be in .git")]
    public void Parse_BadPrebuild_SaysWhereAndWhy(string line, string expected) => Assert.Equal(expected, Error(Minimal(line + "\n")));

    [Fact]
    public void Parse_TypoInPrebuild_IsCaughtWithASuggestion()
    {
        var error = Error(Minimal("prebuild: { comands: [npm ci] }\n"));

        Assert.StartsWith("a.yaml:4:13:", error, StringComparison.Ordinal);
        Assert.Contains("'commands'", error, StringComparison.Ordinal);
    }
}
