using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>agent.use</c> names a configured agent, when the caller knows the configuration.</summary>
public sealed class DefinitionAgentTests
{
    private static string Yaml(string use) => $"repository: acme/web\nagent: {{ use: {use} }}\ninstructions: x\n";

    [Theory]
    [InlineData("claude")]
    [InlineData("Claude")]
    [InlineData("CODEX")]
    public void Parse_ConfiguredAgentInAnyCase_IsValid(string use)
    {
        var result = DefinitionParser.Parse("a.yaml", Yaml(use), ["claude", "codex"]);

        Assert.Empty(result.Errors);
        Assert.Equal(use, result.Definition!.Agent.Use);
    }

    [Theory]
    [InlineData("cluade", "a.yaml:2:15: agent 'cluade' is not configured (did you mean 'claude'?); configured: claude, codex")]
    [InlineData("nosuchagent", "a.yaml:2:15: agent 'nosuchagent' is not configured; configured: claude, codex")]
    public void Parse_UnconfiguredAgent_IsAnErrorAtItsNameWithTheClosestConfiguredOne(string use, string expected)
    {
        var result = DefinitionParser.Parse("a.yaml", Yaml(use), ["codex", "claude"]);

        Assert.Null(result.Definition);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_NoAgentConfigured_SaysHowToConfigureOne()
    {
        var result = DefinitionParser.Parse("a.yaml", Yaml("claude"), []);

        Assert.StartsWith("a.yaml:2:15: agent 'claude' is not configured, and no agent is: configure it as Automations:Agents:claude:Kind", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConfigurationUnknown_AcceptsAnyName()
    {
        Assert.Empty(DefinitionParser.Parse("a.yaml", Yaml("anything")).Errors);
    }
}
