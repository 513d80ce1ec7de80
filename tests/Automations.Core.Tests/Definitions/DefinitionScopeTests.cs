using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary>A connected repository's definitions: names qualified by it, acting on it alone unless allowed, triggers held to its grants.</summary>
public sealed class DefinitionScopeTests
{
    private const string File = "acme/web:.automations/fix.yaml";

    private static readonly DefinitionScope Web = new() { Repository = "acme/web", Setting = "Automations:Repositories:0" };

    private static DefinitionParseResult Parse(string yaml, DefinitionScope? scope = null) => DefinitionParser.Parse(File, yaml, scope: scope ?? Web);

    [Fact]
    public void Parse_InARepository_QualifiesTheName_AndDefaultsTheRepositoryToIt()
    {
        var result = Parse("on: [ { github: { event: issues.labeled } } ]\nagent: { use: claude }\ninstructions: Fix it.\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("acme/web/fix", result.Definition.Name);
        Assert.Equal("acme/web", result.Definition.Repository);
        Assert.Null(GitBranchName.Problem($"automations/{result.Definition.Name}/01J0000000000000000000000"));
    }

    [Fact]
    public void Parse_AnotherRepository_IsRefusedNamingTheSetting_UnlessAllowTargetsListsIt()
    {
        const string Yaml = "repository: acme/api\nagent: { use: claude }\ninstructions: Fix it.\n";

        var refused = Assert.Single(Parse(Yaml).Errors);
        Assert.Equal("acme/web:.automations/fix.yaml:1:13: repository 'acme/api' is not acme/web: a definition in acme/web acts on it alone, unless Automations:Repositories:0:AllowTargets lists 'acme/api'", refused.ToString());
        Assert.Equal("acme/api", Parse(Yaml, Web with { AllowTargets = ["acme/API"] }).Definition!.Repository);
        Assert.Contains("is a template", Assert.Single(Parse("repository: \"{{ event.repository }}\"\nagent: { use: claude }\ninstructions: x\n").Errors).Message);
    }

    [Fact]
    public void Match_GitHubTrigger_FiresForItsOwnRepositoryOnly_AndExplainsWhyNot()
    {
        var result = Parse("on: [ { github: { event: issues.labeled, where: { payload.label.name: autofix } } } ]\nagent: { use: claude }\ninstructions: x\n");
        var definition = result.Definition! with { Origin = new DefinitionOrigin("acme/web", ".automations/fix.yaml", "c1") };
        var set = DefinitionSet.Create([(File, result with { Definition = definition })]);
        var own = TestEvents.Create();
        var other = own with { Repository = "acme/other" };

        Assert.Equal(["acme/web/fix"], set.Match(own).Select(d => d.Name));
        Assert.Empty(set.Match(other));
        Assert.Equal("github trigger of acme/web does not fire for acme/other", Assert.Single(set.Explain(other)).Reason);
    }

    [Theory]
    [InlineData("sentry: { resource: issue }", "sentry triggers are not granted to acme/web: list the Sentry projects it may listen to in Automations:Repositories:0:Sentry")]
    [InlineData("linear: { event: Issue }", "linear triggers are not granted to acme/web: list the Linear teams it may listen to in Automations:Repositories:0:Linear")]
    [InlineData("slack: { event: app_mention }", "slack triggers are not granted to acme/web: list the Slack channels it may listen to in Automations:Repositories:0:Slack")]
    [InlineData("webhook: { endpoint: deploys, secret: env:DEPLOY }", "webhook endpoint 'deploys' is not granted to acme/web: list it in Automations:Repositories:0:Webhooks")]
    [InlineData("schedule: { cron: \"0 9 * * *\" }", "schedule triggers are not granted to acme/web: set Automations:Repositories:0:Schedules to true")]
    public void Parse_OtherSources_LoadOnlyWhereGranted(string trigger, string message)
    {
        var yaml = $"on:\n  - {trigger}\nagent: {{ use: claude }}\ninstructions: x\n";
        var granted = Web with { Sentry = ["web"], Linear = ["ENG"], Slack = ["C123"], Webhooks = ["deploys"], Schedules = true };

        Assert.Equal(message, Assert.Single(Parse(yaml).Errors).Message);
        Assert.True(Parse(yaml, granted).Succeeded);
    }

    [Fact]
    public void Match_SlackTrigger_FiresOnlyInTheGrantedChannel()
    {
        var result = Parse("on:\n  - slack: { event: app_mention }\nagent: { use: claude }\ninstructions: x\n", Web with { Slack = ["C123"] });
        var set = DefinitionSet.Create([(File, result)]);
        const string Payload = """{ "event": { "type": "app_mention", "channel": "CHANNEL" } }""";

        Assert.Single(set.Match(TestEvents.Create("slack.app_mention", Payload.Replace("CHANNEL", "C123", StringComparison.Ordinal)) with { Repository = null }));
        Assert.Empty(set.Match(TestEvents.Create("slack.app_mention", Payload.Replace("CHANNEL", "C999", StringComparison.Ordinal)) with { Repository = null }));
    }
}
