using Automations.Core.Definitions;
using Automations.Core.Templates;

namespace Automations.Core.Tests.Definitions;

public sealed class DefinitionRenderingTests
{
    private static AutomationDefinition Definition(string rest = "")
    {
        var result = DefinitionParser.Parse("autofix.yaml", "repository: acme/web\nagent: { use: claude }\ninstructions: x\n" + rest);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Definition;
    }

    private static TemplateContext Context(string? sessionId = "s-42") =>
        new() { Event = TestEvents.Create(), AutomationName = "autofix", SessionId = sessionId };

    [Fact]
    public void ConcurrencyKey_Template_RendersTheEventsValue()
    {
        var result = DefinitionRendering.ConcurrencyKey(Definition("concurrency: { key: \" {{ event.repository }}#{{ event.subject.id }} \" }\n"), Context());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("acme/web#1347", result.Text);
    }

    [Fact]
    public void ConcurrencyKey_NoKey_IsTheAutomationsOneGroup()
    {
        Assert.Equal("", DefinitionRendering.ConcurrencyKey(Definition("concurrency: { max: 1 }\n"), Context()).Text);
        Assert.Equal("", DefinitionRendering.ConcurrencyKey(Definition(), Context()).Text);
    }

    [Fact]
    public void ConcurrencyKey_TemplateThatFailsToRender_IsAnErrorValue()
    {
        var definition = Definition() with { Concurrency = new ConcurrencySpec { Key = "{{ shout event.subject.id }}" } };

        var result = DefinitionRendering.ConcurrencyKey(definition, Context());

        Assert.False(result.Succeeded);
        Assert.StartsWith("'concurrency.key': template does not render", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Branch_NotSet_IsTheEnginesDefault()
    {
        Assert.Equal("automations/autofix/s-42", DefinitionRendering.Branch(Definition(), Context()).Text);
    }

    [Fact]
    public void Branch_Template_RendersWithTheSession()
    {
        var result = DefinitionRendering.Branch(Definition("branch: \"fix/{{ event.subject.number }}-{{ session.id }}\"\n"), Context());

        Assert.Equal("fix/1347-s-42", result.Text);
    }

    [Fact]
    public void Branch_RenderedFromEventTextGitRefuses_IsAnErrorValue()
    {
        var result = DefinitionRendering.Branch(Definition("branch: \"fix/{{ event.payload.issue.title }}\"\n"), Context());

        Assert.False(result.Succeeded);
        Assert.Equal("'branch' renders 'fix/Crash on <save> & \"load\"', which holds ' '; a branch name has no spaces and none of ~ ^ : ? * [ \\", result.Error);
    }

    [Fact]
    public void Branch_WithoutSessionId_IsAnErrorValue()
    {
        Assert.Equal("the branch needs the session's id", DefinitionRendering.Branch(Definition(), Context(sessionId: null)).Error);
    }

    [Theory]
    [InlineData("automations/fix-typo/2f0c", null)]
    [InlineData("HEAD", "is 'HEAD', which git reserves")]
    [InlineData("a@{b", "holds '..' or '@{'")]
    [InlineData("a//b", "has an empty part between '/'")]
    [InlineData("a.", "ends with '.'")]
    [InlineData("a\tb", "holds a control character")]
    [InlineData("", "is empty")]
    public void Problem_BranchNames_FollowGitsRules(string name, string? problem)
    {
        Assert.Equal(problem, GitBranchName.Problem(name));
    }
}
