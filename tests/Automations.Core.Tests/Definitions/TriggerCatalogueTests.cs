using Automations.Core.Definitions;
using Automations.Core.Sources;

namespace Automations.Core.Tests.Definitions;

/// <summary>Triggers name what their source sends: each source's catalogue, with "did you mean" for a typo.</summary>
public sealed class TriggerCatalogueTests
{
    /// <summary>A definition whose only trigger, on line 5, is <paramref name="trigger"/>.</summary>
    private static string With(string trigger) =>
        $"repository: acme/web\nagent: {{ use: claude }}\ninstructions: Fix it.\non:\n  - {trigger}\n";

    private static string Error(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.Null(result.Definition);
        return Assert.Single(result.Errors).ToString();
    }

    private static IReadOnlyList<string> Kinds(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return [.. result.Definition.Triggers.SelectMany(t => t.Kinds)];
    }

    [Theory]
    [InlineData("github: { event: issue.labeled }", "a.yaml:5:22: unknown GitHub event 'issue' (did you mean 'issues.labeled'?)")]
    [InlineData("linear: { event: Issue.creat }", "a.yaml:5:22: unknown action 'creat' of Linear type 'Issue' (did you mean 'Issue.create'?); its actions are create, update, remove")]
    [InlineData("slack: { event: app_mentions }", "a.yaml:5:21: unknown Slack event type 'app_mentions' (did you mean 'app_mention'?)")]
    [InlineData("sentry: { resource: issue, action: createdd }", "a.yaml:5:40: unknown action 'createdd' of Sentry resource 'issue' (did you mean 'created'?); its actions are created, resolved, assigned, archived, unresolved")]
    public void Parse_TheTyposOfTheIssue_AreErrorsAtTheValueWithTheSuggestion(string trigger, string expected) =>
        Assert.Equal(expected, Error(With(trigger)));

    [Theory]
    [InlineData("github: { event: issues.labled }", "did you mean 'issues.labeled'?")]
    [InlineData("github: { event: Issues.opened }", "did you mean 'issues.opened'?")]
    [InlineData("linear: { event: issue.create }", "did you mean 'Issue.create'?")]
    [InlineData("sentry: { resource: isue }", "unknown Sentry resource 'isue' (did you mean 'issue'?)")]
    [InlineData("sentry: { resource: metric_alert, action: resolve }", "did you mean 'resolved'?")]
    [InlineData("github: { event: [issues.opened, pul_request.opened] }", "unknown GitHub event 'pul_request' (did you mean 'pull_request.opened'?)")]
    public void Parse_OtherTypos_SuggestTheDocumentedSpelling(string trigger, string expected) =>
        Assert.Contains(expected, Error(With(trigger)), StringComparison.Ordinal);

    [Theory]
    [InlineData("github: { event: push.created }", "GitHub's 'push' event comes without an action: write 'push'")]
    [InlineData("sentry: { resource: issue, action: ignored }", "Sentry sends 'issue' 'ignored' as 'archived': write 'archived'")]
    [InlineData("slack: { event: message.channels }", "'message.channels' is the name of a Slack subscription; its events arrive as 'message'")]
    [InlineData("slack: { event: reaction.added }", "'reaction.added' is not a Slack event type")]
    [InlineData("sentry: { resource: frobnicate }", "unknown Sentry resource 'frobnicate'; Sentry's are activity_alert, comment, error")]
    [InlineData("github: { event: zzzzzzzz }", "unknown GitHub event 'zzzzzzzz'; every GitHub event is listed in the definitions reference")]
    public void Parse_NamesTheProviderDoesNotSendThatWay_SayWhatToWrite(string trigger, string expected) =>
        Assert.Contains(expected, Error(With(trigger)), StringComparison.Ordinal);

    [Theory]
    [InlineData("github: { event: [issues, push, repository_dispatch.deploy-now, workflow_job.in_progress] }", "github.issues,github.push,github.repository_dispatch.deploy-now,github.workflow_job.in_progress")]
    [InlineData("linear: { event: [AgentSessionEvent.created, AgentSessionEvent.prompted, IssueSLA.breached] }", "linear.AgentSessionEvent.created,linear.AgentSessionEvent.prompted,linear.IssueSLA.breached")]
    [InlineData("sentry: { resource: seer, action: [root_cause_completed, pr_created] }", "sentry.seer.root_cause_completed,sentry.seer.pr_created")]
    [InlineData("slack: { event: [app_mention, message, reaction_added] }", "slack.app_mention,slack.message,slack.reaction_added")]
    public void Parse_DocumentedNames_AreAccepted(string trigger, string kinds) =>
        Assert.Equal(kinds.Split(','), Kinds(With(trigger)));

    [Fact]
    public void Catalogues_EveryKindTheyList_IsAcceptedByTheParser()
    {
        foreach (var catalogue in EventCatalogues.All.Where(c => c.Source != "sentry"))
        {
            foreach (var kind in catalogue.Kinds())
            {
                Assert.Equal([$"{catalogue.Source}.{kind}"], Kinds(With($"{catalogue.Source}: {{ event: {kind} }}")));
            }
        }

        foreach (var entry in EventCatalogues.Of("sentry")!.Entries)
        {
            foreach (var action in entry.Actions)
            {
                Assert.Equal([$"sentry.{entry.Name}.{action}"], Kinds(With($"sentry: {{ resource: {entry.Name}, action: {action} }}")));
            }
        }
    }

    [Fact]
    public void Catalogues_HoldWhatEachProviderDocuments()
    {
        // Figures, so that a catalogue that loses entries fails here: GitHub 75 events, Sentry 9 resources,
        // Linear 20 types with AgentSessionEvent's created and prompted, Slack 91 event types.
        Assert.Equal([75, 9, 20, 91], EventCatalogues.All.Select(c => c.Entries.Count));
        Assert.Equal(["created", "prompted"], EventCatalogues.Of("linear")!.Find("AgentSessionEvent")!.Actions);
        Assert.All(EventCatalogues.All.SelectMany(c => c.Entries), e => Assert.False(e.AnyAction && e.Actions.Count > 0));
    }
}
