using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;
using Automations.Core.Schedules;

using static Automations.Core.Tests.Definitions.ParserHarness;

namespace Automations.Core.Tests.Definitions;

/// <summary>The parser: the whole format, settings, agents, actions, and what it refuses in a file.</summary>
public sealed class DefinitionParserTests
{
    private const string ContractExample = """
        name: sentry-autofix                # unique; defaults to the file name
        description: Fix new Sentry errors
        enabled: true
        on:                                 # any of these starts it
          - sentry: { resource: issue, action: created, where: { subject.severity: [error, fatal] } }
          - github: { event: issues.labeled, where: { payload.label.name: autofix } }
          - linear: { event: Issue.create, where: { payload.data.team.key: ENG } }
        repository: acme/web                # owner/name on GitHub, or any git URL (file:// too); may be a template
        base: main
        agent: { use: claude, model: claude-sonnet-4-5, timeout: 30m, max_turns: 40 }   # `use` names a configured agent
        instructions: |
          Investigate {{ event.subject.title }} ({{ event.subject.url }}) and fix the root cause.
        actions:
          - pull_request: { title: "fix: {{ event.subject.title }}", draft: true }
          - slack: { channel: "#alerts" }
          - comment: { on: trigger }        # back on the Linear or GitHub issue that started it
        concurrency: { key: "{{ event.subject.id }}", max: 2 }
        follow_up: { ci_failed: { retries: 2 }, changes_requested: { retries: 3 } }
        """;

    [Fact]
    public void Parse_ContractExample_ReadsEveryField()
    {
        var definition = Valid(ContractExample);

        Assert.Equal("sentry-autofix", definition.Name);
        Assert.Equal("Fix new Sentry errors", definition.Description);
        Assert.True(definition.Enabled);
        Assert.Equal("automations/autofix.yaml", definition.SourceFile);
        Assert.Equal("acme/web", definition.Repository);
        Assert.Equal("main", definition.Base);
        Assert.Equal(new AgentSpec { Use = "claude", Model = "claude-sonnet-4-5", Timeout = TimeSpan.FromMinutes(30), MaxTurns = 40 }, definition.Agent);
        Assert.Equal("Investigate {{ event.subject.title }} ({{ event.subject.url }}) and fix the root cause.\n", definition.Instructions);
        Assert.Equal(new ConcurrencySpec { Key = "{{ event.subject.id }}", Max = 2, OnConflict = ConcurrencyConflict.Skip }, definition.Concurrency);
        Assert.Equal(["sentry", "github", "linear"], definition.Triggers.Select(t => t.Source));
        Assert.Equal(["sentry.issue.created"], definition.Triggers[0].Kinds);
        Assert.Equal(["github.issues.labeled"], definition.Triggers[1].Kinds);
        Assert.Equal(["linear.Issue.create"], definition.Triggers[2].Kinds);
        Assert.Equal("subject.severity: any of 'error', 'fatal'", definition.Triggers[0].Where.ToString());
        Assert.Equal("payload.label.name: 'autofix'", definition.Triggers[1].Where.ToString());
        Assert.Equal("payload.data.team.key: 'ENG'", definition.Triggers[2].Where.ToString());
    }

    [Fact]
    public void Parse_ContractExample_ReadsActionsAndFollowUp()
    {
        var definition = Valid(ContractExample);

        Assert.Collection(
            definition.Actions,
            a =>
            {
                var pullRequest = Assert.IsType<PullRequestAction>(a);
                Assert.Equal(("pull_request", "fix: {{ event.subject.title }}", true), (pullRequest.Key, pullRequest.Title, pullRequest.Draft));
            },
            a => Assert.Equal("#alerts", Assert.IsType<SlackAction>(a).Channel),
            a => Assert.Equal(CommentTarget.Trigger, Assert.IsType<CommentAction>(a).On));
        Assert.Equal(new FollowUpSpec { CiFailedRetries = 2, ChangesRequestedRetries = 3 }, definition.FollowUp);
    }

    [Fact]
    public void Parse_MinimalFile_AppliesDefaults()
    {
        var definition = Valid(Minimal(), file: "defs/nightly-fix.yml");

        Assert.Equal("nightly-fix", definition.Name);
        Assert.Null(definition.Description);
        Assert.True(definition.Enabled);
        Assert.Empty(definition.Triggers);
        Assert.Equal("main", definition.Base);
        Assert.Equal(TimeSpan.FromMinutes(30), definition.Agent.Timeout);
        Assert.Null(definition.Agent.Model);
        Assert.Null(definition.Agent.MaxTurns);
        Assert.Empty(definition.Actions);
        Assert.Null(definition.FollowUp);
        Assert.Null(definition.Agent.MaxCostUsd);
        Assert.Null(definition.Budget);
        Assert.Null(definition.Concurrency);
        Assert.Null(definition.Branch);
        Assert.Empty(definition.Setup);
        Assert.Equal(TimeSpan.FromMinutes(10), definition.SetupTimeout);
    }

    [Fact]
    public void Parse_EnabledFalseAndBase_AreRead()
    {
        var definition = Valid(Minimal("enabled: false\nbase: develop\n"));

        Assert.False(definition.Enabled);
        Assert.Equal("develop", definition.Base);
    }

    [Fact]
    public void Parse_CheckRun_DefaultsToTrue_AndFalseTurnsItOff_AndAWordIsReportedAtIt()
    {
        Assert.True(Valid(Minimal("")).CheckRun);
        Assert.False(Valid(Minimal("check_run: false\n")).CheckRun);
        Assert.Contains("check_run", Error(Minimal("check_run: sometimes\n")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 0, 0, 90)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("2h", 2, 0, 0)]
    [InlineData("1h30m", 1, 30, 0)]
    [InlineData("1h0m15s", 1, 0, 15)]
    public void Parse_Timeout_IsADuration(string text, int hours, int minutes, int seconds)
    {
        var definition = Valid($"repository: acme/web\nagent: {{ use: claude, timeout: {text} }}\ninstructions: x\n");

        Assert.Equal(new TimeSpan(hours, minutes, seconds), definition.Agent.Timeout);
    }

    [Fact]
    public void Parse_AgentWithoutUse_IsReportedAtTheAgent()
    {
        Assert.Equal(
            "a.yaml:2:8: missing required key 'use': the name of a configured agent",
            Error("repository: acme/web\nagent: { model: opus }\ninstructions: x\n"));
    }

    [Fact]
    public void Parse_AgentAsText_IsReported()
    {
        Assert.Equal(
            "a.yaml:2:8: 'agent' must be a mapping, such as agent: { use: claude, timeout: 30m }",
            Error("repository: acme/web\nagent: claude\ninstructions: x\n"));
    }

    [Theory]
    [InlineData("30", "'timeout' must be a duration such as 90s, 30m, 2h or 1h30m, not '30'")]
    [InlineData("1.5h", "'timeout' must be a duration such as 90s, 30m, 2h or 1h30m, not '1.5h'")]
    [InlineData("30m1h", "'timeout' must be a duration such as 90s, 30m, 2h or 1h30m, not '30m1h'")]
    [InlineData("0m", "'timeout' must be longer than zero")]
    [InlineData("0h0s", "'timeout' must be longer than zero")]
    public void Parse_BadTimeout_IsReportedAtTheValue(string timeout, string message)
    {
        Assert.Equal($"a.yaml:2:32: {message}", Error($"repository: acme/web\nagent: {{ use: claude, timeout: {timeout} }}\ninstructions: x\n"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    public void Parse_BadMaxTurns_IsReportedAtTheValue(string turns)
    {
        Assert.Equal(
            $"a.yaml:2:34: 'max_turns' must be a whole number greater than 0, not '{turns}'",
            Error($"repository: acme/web\nagent: {{ use: claude, max_turns: {turns} }}\ninstructions: x\n"));
    }

    [Fact]
    public void Parse_EnabledNotBoolean_IsReported()
    {
        Assert.Equal("a.yaml:4:10: 'enabled' must be true or false", Error(Minimal("enabled: sometimes\n")));
    }

    [Fact]
    public void Parse_InstructionsTemplateError_IsReportedAtTheNode()
    {
        var error = Error("repository: acme/web\nagent: { use: claude }\ninstructions: |\n  Fix {{#if event.subject.title}}it\n");

        Assert.StartsWith("a.yaml:3:15: 'instructions': template does not compile:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepositoryTemplateError_IsReportedAtTheNode()
    {
        var error = Error("repository: \"{{ event.repository }\"\nagent: { use: claude }\ninstructions: x\n");

        Assert.StartsWith("a.yaml:1:13: 'repository': template does not compile:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepositoryTemplate_IsAccepted()
    {
        Assert.Equal("{{ event.repository }}", Valid("repository: \"{{ event.repository }}\"\nagent: { use: claude }\ninstructions: x\n").Repository);
    }

    [Fact]
    public void Parse_EmptyRequiredValue_IsReported()
    {
        Assert.Equal("a.yaml:1:12: 'repository' must not be empty", Error("repository:\nagent: { use: claude }\ninstructions: x\n"));
    }

    [Fact]
    public void Parse_ListWhereTextIsWanted_IsReported()
    {
        Assert.Equal("a.yaml:4:7: 'base' must be text, not a list", Error(Minimal("base: [main, dev]\n")));
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReportedInFileOrder()
    {
        var errors = Errors("""
            nme: x
            repository: acme/web
            agent: { use: claude, timeout: forever }
            on:
              - github: { event: issues, where: { payload.x: { regex: "(" } } }
            instructions: x
            """);

        Assert.Equal(3, errors.Count);
        Assert.Equal("a.yaml:1:1: unknown key 'nme' (did you mean 'name'?)", errors[0]);
        Assert.StartsWith("a.yaml:3:32: 'timeout' must be a duration", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("a.yaml:5:59: invalid regex '('", errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedQuote_IsAYamlErrorWithPosition()
    {
        var error = Error("repository: \"acme/web\nagent: { use: claude }\ninstructions: x\n", file: "broken.yaml");

        Assert.StartsWith("broken.yaml:1:13: ", error, StringComparison.Ordinal);
        Assert.Contains("double-quoted scalar", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedFlowMapping_IsAYamlErrorWithPositionNotACrash()
    {
        // YamlDotNet's scanner throws InvalidOperationException on this input; it once stopped the engine's start.
        var error = Error("name: broken\non:\n  - github: { event: issues.labeled\nrepository: acme/web\n", file: "broken.yaml");

        Assert.Matches(@"^broken\.yaml:3:\d+: malformed YAML", error);
    }

    [Fact]
    public void Parse_BadIndentation_IsAYamlErrorWithPosition()
    {
        var error = Error("repository: acme/web\nagent:\n  use: claude\n model: opus\ninstructions: x\n", file: "broken.yaml");

        Assert.Equal("broken.yaml:4:2: While parsing a block mapping, did not find expected key.", error);
    }

    [Fact]
    public void Parse_DuplicateKey_IsAYamlErrorAtTheSecondKey()
    {
        Assert.Equal("a.yaml:4:1: Duplicate key repository", Error(Minimal("repository: acme/api\n")));
    }

    [Fact]
    public void Parse_EmptyFile_IsReported()
    {
        Assert.Equal("a.yaml:1:1: the file is empty: a definition needs at least repository, agent and instructions", Error("# nothing yet\n"));
    }

    [Fact]
    public void Parse_RootIsAList_IsReported()
    {
        Assert.Equal(
            "a.yaml:1:1: a definition is a mapping of keys such as name, on, repository, agent and instructions",
            Error("- repository: acme/web\n"));
    }

    [Fact]
    public void Parse_SecondDocument_IsReported()
    {
        Assert.Equal("a.yaml:5:1: a definition file holds one YAML document; this is a second one", Error(Minimal("---\nname: other\n")));
    }

    [Fact]
    public void Parse_InvalidName_IsReported()
    {
        Assert.Equal(
            "a.yaml:4:7: name 'fix it' may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit",
            Error(Minimal("name: fix it\n")));
    }

    [Fact]
    public void Parse_InvalidNameFromFileName_IsReported()
    {
        var error = Error(Minimal(), file: "defs/fix it.yaml");

        Assert.StartsWith("defs/fix it.yaml:1:1: name 'fix it' (from the file name) may hold only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsAnErrorNotACrash()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var error = Error(Minimal($"actions: {deep}\n"));

        Assert.Equal($"a.yaml:4:{10 + GuardedParser.MaxDepth - 1}: nested more than {GuardedParser.MaxDepth} levels deep", error);
    }

    [Fact]
    public void Parse_ManyAliases_IsAnErrorNotAnExplosion()
    {
        var levels = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]"));

        var error = Error(Minimal($"concurrency:\n  l0: &l0 [x]\n{levels}\n"));

        Assert.Contains($"more than {GuardedParser.MaxAliases} aliases", error, StringComparison.Ordinal);
    }
}
