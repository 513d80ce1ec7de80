using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>actions:</c> and <c>follow_up:</c>, each mistake reported at its line and column.</summary>
public sealed class DefinitionActionsTests
{
    private static string Minimal(string extra) => $"""
        name: a
        repository: acme/web
        agent: {"{"} use: claude {"}"}
        instructions: Fix it.
        {extra}
        """;

    private static AutomationDefinition Valid(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Definition;
    }

    private static string Error(string yaml) => Assert.Single(DefinitionParser.Parse("a.yaml", yaml).Errors).ToString();

    [Fact]
    public void Parse_EveryAction_WithItsSettings()
    {
        var definition = Valid(Minimal("""
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}", body: "Closes {{ event.subject.url }}", draft: true, labels: [bot, autofix], reviewers: octocat }
              - slack: { channel: "#alerts" }
              - comment: { on: linear, body: "See {{ session.id }}" }
              - comment
              - webhook: { url: "https://example.com/hooks", secret: env:RESULT_SECRET }
            follow_up: { ci_failed: { retries: 2 }, changes_requested: { retries: 0 } }
            """));

        var pullRequest = Assert.IsType<PullRequestAction>(definition.Actions[0]);
        Assert.Equal(["bot", "autofix"], pullRequest.Labels);
        Assert.Equal(["octocat"], pullRequest.Reviewers);
        Assert.Equal("Closes {{ event.subject.url }}", pullRequest.Body);
        Assert.Equal(["pull_request", "slack", "comment", "comment#2", "webhook"], definition.Actions.Select(a => a.Key));
        Assert.Equal(CommentTarget.Linear, Assert.IsType<CommentAction>(definition.Actions[2]).On);
        Assert.Equal((CommentTarget.Trigger, null), (Assert.IsType<CommentAction>(definition.Actions[3]).On, Assert.IsType<CommentAction>(definition.Actions[3]).Body));
        var webhook = Assert.IsType<WebhookAction>(definition.Actions[4]);
        Assert.Equal(("https://example.com/hooks", "RESULT_SECRET"), (webhook.Url.ToString(), webhook.SecretVariable));
        Assert.Equal(new FollowUpSpec { CiFailedRetries = 2, ChangesRequestedRetries = 0 }, definition.FollowUp);
    }

    [Fact]
    public void Parse_PullRequestWithoutSettings_HasTheDefaultTitle()
    {
        var definition = Valid(Minimal("actions: [pull_request]"));

        var pullRequest = Assert.IsType<PullRequestAction>(Assert.Single(definition.Actions));
        Assert.Equal((PullRequestAction.DefaultTitle, false), (pullRequest.Title, pullRequest.Draft));
    }

    [Theory]
    [InlineData("actions:\n  - slak: { channel: x }", "a.yaml:6:5: unknown action 'slak' (did you mean 'slack'?)")]
    [InlineData("actions:\n  - slack: { }", "a.yaml:6:5: 'slack' needs 'channel', such as slack: { channel: \"#alerts\" }")]
    [InlineData("actions:\n  - slack: { channel: a }\n  - slack: { channel: b }", "a.yaml:7:5: only one 'slack' action: a session has one Slack thread")]
    [InlineData("actions:\n  - comment: { on: jira }", "a.yaml:6:20: 'on' is trigger, github or linear, not 'jira'")]
    [InlineData("actions:\n  - pull_request: { draft: maybe }", "a.yaml:6:28: 'draft' must be true or false")]
    [InlineData("actions:\n  - pull_request: { title: \"{{ event.subject.title\" }", "a.yaml:6:28: 'title': ")]
    [InlineData("actions:\n  - webhook: { url: \"ftp://x\" }", "a.yaml:6:21: 'url' must be an absolute http or https URL, not 'ftp://x'")]
    [InlineData("actions:\n  - webhook: { url: \"https://x\", secret: hunter2 }", "a.yaml:6:42: write secret: env:NAME; secrets do not belong in definition files")]
    [InlineData("actions: { slack: x }", "a.yaml:5:10: 'actions' is a list")]
    [InlineData("follow_up: { ci_failed: { retries: -1 } }", "a.yaml:5:36: 'retries' must be a whole number greater than 0, not '-1'")]
    [InlineData("follow_up: { ci_fail: { retries: 1 } }", "a.yaml:5:14: unknown key 'ci_fail' in 'follow_up' (did you mean 'ci_failed'?)")]
    public void Parse_MistakeInActions_IsReportedWhereItIs(string extra, string expected)
    {
        Assert.StartsWith(expected, Error(Minimal(extra)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LiteralSecret_IsNeverEchoed()
    {
        var error = Error(Minimal("actions:\n  - webhook: { url: \"https://x\", secret: hunter2 }"));

        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }
}
