using Automations.Core.Definitions;
using Automations.Core.Schedules;

namespace Automations.Core.Tests.Definitions;

public sealed class DefinitionSetTests
{
    private static string Definition(string on, string extra = "") => $"""
        repository: acme/web
        agent: {"{ use: claude }"}
        instructions: Fix {"{{ event.subject.title }}"}.
        {extra}
        on:
        {on}
        """;

    private static DefinitionSet Set(params (string File, string Yaml)[] files) =>
        DefinitionSet.Create(files.Select(f => (f.File, DefinitionParser.Parse(f.File, f.Yaml))));

    private static IEnumerable<string> Names(IEnumerable<AutomationDefinition> definitions) => definitions.Select(d => d.Name);

    [Fact]
    public void Match_BrokenFile_DoesNotStopTheOthers()
    {
        var set = Set(
            ("broken.yaml", "repository: \"acme/web\nagent: { use: claude }\n"),
            ("good.yaml", Definition("  - github: { event: issues.labeled }")));

        Assert.Equal(["good"], Names(set.Definitions));
        var error = Assert.Single(Assert.Single(set.Errors).Value);
        Assert.Equal("broken.yaml", error.File);
        Assert.Equal((1, 13), (error.Line, error.Column));
        Assert.Equal(["good"], Names(set.Match(TestEvents.Create())));
    }

    [Fact]
    public void Create_DuplicateName_IsAnErrorOnTheSecondFile()
    {
        var set = Set(
            ("b.yaml", Definition("  - github: { event: issues }", extra: "name: Autofix")),
            ("a.yaml", Definition("  - github: { event: issues }", extra: "name: autofix")));

        var definition = Assert.Single(set.Definitions);
        Assert.Equal("a.yaml", definition.SourceFile);
        var (file, errors) = Assert.Single(set.Errors);
        Assert.Equal("b.yaml", file);
        Assert.Equal("b.yaml:4:7: duplicate name 'Autofix': already used by a.yaml", Assert.Single(errors).ToString());
        Assert.Equal(["autofix"], Names(set.Match(TestEvents.Create())));
    }

    [Fact]
    public void Create_DuplicateNameFromFileNames_IsReportedAtTheDocument()
    {
        var set = Set(
            ("x/fix.yaml", Definition("  - github: { event: issues }")),
            ("y/fix.yml", Definition("  - github: { event: issues }")));

        Assert.Equal("y/fix.yml:1:1: duplicate name 'fix': already used by x/fix.yaml", Assert.Single(set.Errors["y/fix.yml"]).ToString());
    }

    [Fact]
    public void Create_SameFileTwice_Throws()
    {
        var result = DefinitionParser.Parse("a.yaml", Definition("  - github: { event: issues }"));

        Assert.Throws<ArgumentException>(() => DefinitionSet.Create([("a.yaml", result), ("a.yaml", result)]));
    }

    [Theory]
    [InlineData("github.issues.labeled", true)]
    [InlineData("github.issues.opened", true)]
    [InlineData("github.issues", true)]
    [InlineData("github.issue_comment.created", false)]
    [InlineData("github.issuesx.opened", false)]
    [InlineData("github", false)]
    public void Match_KindPrefix_MatchesEveryAction(string kind, bool expected)
    {
        var set = Set(("issues.yaml", Definition("  - github: { event: issues }")));

        Assert.Equal(expected, set.Match(TestEvents.Create(kind: kind)).Count == 1);
    }

    [Theory]
    [InlineData("sentry.issue.created", true)]
    [InlineData("sentry.issue.resolved", false)]
    [InlineData("sentry.issue", false)]
    public void Match_FullKind_MatchesOnlyThatKind(string kind, bool expected)
    {
        var set = Set(("sentry.yaml", Definition("  - sentry: { resource: issue, action: created }")));

        Assert.Equal(expected, set.Match(TestEvents.Create(kind: kind)).Count == 1);
    }

    [Fact]
    public void Match_KindCase_IsIgnored()
    {
        var set = Set(("linear.yaml", Definition("  - linear: { event: Issue.create }")));

        Assert.Single(set.Match(TestEvents.Create(kind: "linear.issue.create")));
    }

    [Fact]
    public void Match_WhereFails_DoesNotMatch()
    {
        var set = Set(("autofix.yaml", Definition("  - github: { event: issues.labeled, where: { payload.label.name: wontfix } }")));

        Assert.Empty(set.Match(TestEvents.Create()));
        var explanation = Assert.Single(set.Explain(TestEvents.Create()));
        Assert.False(explanation.Matched);
        Assert.Equal("payload.label.name is 'autofix', wanted 'wontfix'", explanation.Reason);
    }

    [Theory]
    [InlineData("payload.label.name: AutoFix", true)] // case is ignored
    [InlineData("payload.label.name: [wontfix, AUTOFIX]", true)]
    [InlineData("payload.label.name: [wontfix, docs]", false)]
    [InlineData("payload.issue.labels.name: autofix", true)] // one of several values at the path
    [InlineData("subject.labels: [bug, bug]", true)]
    [InlineData("subject.labels: docs", false)]
    [InlineData("payload.issue.number: 1347.0", true)] // numbers compare by value: not indexed
    [InlineData("subject.number: '1347'", true)]
    [InlineData("payload.issue.draft: FALSE", true)]
    [InlineData("payload.issue.draft: true", false)]
    [InlineData("payload.issue.title: { not: x }, payload.label.name: autofix", true)]
    [InlineData("payload.label.name: wontfix, subject.labels: bug", false)]
    [InlineData("subject.labels: bug, payload.label.name: wontfix", false)]
    public void Match_ValueIndex_KeepsWhereSemantics(string where, bool expected)
    {
        var set = Set(
            ("a.yaml", Definition($"  - github: {{ event: issues.labeled, where: {{ {where} }} }}")),
            ("b.yaml", Definition($"  - github: {{ event: issues, where: {{ {where} }} }}")),
            ("c.yaml", Definition("  - github: { event: issues, where: { payload.label.name: other } }")));
        var triggerEvent = TestEvents.Create();

        Assert.Equal(expected ? ["a", "b"] : [], Names(set.Match(triggerEvent)));
        Assert.Equal(expected ? ["a", "b"] : [], set.Explain(triggerEvent).Where(e => e.Matched).Select(e => e.Name));
    }

    [Fact]
    public void Match_SeveralTriggersMatching_ReturnsTheDefinitionOnce()
    {
        var set = Set(("autofix.yaml", Definition("""
              - github: { event: issues }
              - github: { event: issues.labeled }
              - github: { event: [issues.labeled, issues], where: { subject.labels: bug } }
            """)));

        Assert.Equal(["autofix"], Names(set.Match(TestEvents.Create())));
    }

    [Fact]
    public void Match_OneTriggerFailsAnotherMatches_Matches()
    {
        var set = Set(("autofix.yaml", Definition("""
              - github: { event: issues.labeled, where: { payload.label.name: nope } }
              - github: { event: issues, where: { payload.label.name: autofix } }
            """)));

        Assert.Single(set.Match(TestEvents.Create()));
        Assert.Equal("matched on github.issues", Assert.Single(set.Explain(TestEvents.Create())).Reason);
    }

    [Fact]
    public void Match_Disabled_IsSkipped()
    {
        var set = Set(("off.yaml", Definition("  - github: { event: issues }", extra: "enabled: false")));

        Assert.Empty(set.Match(TestEvents.Create()));
        Assert.Equal("disabled", Assert.Single(set.Explain(TestEvents.Create())).Reason);
    }

    [Fact]
    public void Match_SeveralDefinitions_ComeInFileOrder()
    {
        var set = Set(
            ("c.yaml", Definition("  - github: { event: issues.labeled }")),
            ("a.yaml", Definition("  - github: { event: issues }")),
            ("b.yaml", Definition("  - sentry: { resource: issue }")),
            ("d.yaml", Definition("  - github: { event: issues.labeled, where: { subject.labels: bug } }")));

        Assert.Equal(["a", "c", "d"], Names(set.Match(TestEvents.Create())));
    }

    [Fact]
    public void Match_NoTriggers_NeverMatches()
    {
        var set = Set(("manual.yaml", Definition("  []")));

        Assert.Empty(set.Match(TestEvents.Create()));
        Assert.Equal("no triggers: it only runs by hand", Assert.Single(set.Explain(TestEvents.Create())).Reason);
    }

    [Fact]
    public void Explain_EveryDefinition_SaysWhyAndAgreesWithMatch()
    {
        var set = Set(
            ("autofix.yaml", Definition("  - github: { event: issues.labeled, where: { payload.label.name: autofix } }")),
            ("sentry.yaml", Definition("  - sentry: { resource: issue, action: created }\n  - github: { event: push }")),
            ("triage.yaml", Definition("  - github: { event: issues, where: { subject.state: closed } }")),
            ("off.yaml", Definition("  - github: { event: issues }", extra: "enabled: false")));
        var triggerEvent = TestEvents.Create();

        var explanations = set.Explain(triggerEvent);

        Assert.Equal(
            [
                "autofix: matched on github.issues.labeled",
                "off: disabled",
                "sentry: no trigger for github.issues.labeled (listens to sentry.issue.created, github.push)",
                "triage: subject.state is 'open', wanted 'closed'",
            ],
            explanations.Select(e => e.ToString()));
        Assert.Equal(Names(set.Match(triggerEvent)), explanations.Where(e => e.Matched).Select(e => e.Name));
    }

    [Fact]
    public void Find_Name_IgnoresCase()
    {
        var set = Set(("autofix.yaml", Definition("  - github: { event: issues }")));

        Assert.Equal("autofix.yaml", set.Find("AutoFix")?.SourceFile);
        Assert.Null(set.Find("other"));
    }

    [Fact]
    public void Empty_MatchesNothing()
    {
        Assert.Empty(DefinitionSet.Empty.Match(TestEvents.Create()));
        Assert.Empty(DefinitionSet.Empty.Definitions);
        Assert.Empty(DefinitionSet.Empty.Errors);
    }

    [Fact]
    public void Create_DuplicateEndpoint_IsAnErrorOnTheSecondFile()
    {
        var set = Set(
            ("b.yaml", Definition("  - webhook: { endpoint: Deploys, secret: env:B }")),
            ("a.yaml", Definition("  - webhook: { endpoint: deploys, secret: env:A }")));

        Assert.Equal("a.yaml", Assert.Single(set.Definitions).SourceFile);
        Assert.Equal("b.yaml:6:26: duplicate endpoint 'Deploys': already used by a.yaml", Assert.Single(set.Errors["b.yaml"]).ToString());
    }

    [Fact]
    public void TryGetEndpoint_AnyCase_FindsTheDefinitionAndItsSecretVariable()
    {
        var set = Set(
            ("deploy.yaml", Definition("  - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }")),
            ("other.yaml", Definition("  - github: { event: issues }")));

        Assert.True(set.TryGetEndpoint("DEPLOYS", out var definition, out var variable));
        Assert.Equal("deploy", definition.Name);
        Assert.Equal("DEPLOY_HOOK_SECRET", variable);
        Assert.False(set.TryGetEndpoint("other", out _, out _));
    }

    [Fact]
    public void Match_CustomWebhookEvent_StartsTheEndpointsDefinition()
    {
        var set = Set(
            ("deploy.yaml", Definition("  - webhook: { endpoint: deploys, secret: env:A }")),
            ("other.yaml", Definition("  - webhook: { endpoint: builds, secret: env:B }")));

        Assert.Equal(["deploy"], Names(set.Match(TestEvents.Create(kind: "webhook.deploys"))));
    }

    [Fact]
    public void Schedules_EnabledDefinitions_ListsEachScheduleAndMatchesOnlyItsOwn()
    {
        var set = Set(
            ("nightly.yaml", Definition("  - schedule: { cron: \"0 3 * * *\", timezone: Europe/Berlin }")),
            ("off.yaml", Definition("  - schedule: { cron: \"0 4 * * *\" }", extra: "enabled: false")),
            ("weekly.yaml", Definition("  - schedule: { cron: \"0 5 * * MON\", catch_up: all }")));

        Assert.Equal(["nightly", "weekly"], set.Schedules.Select(s => s.Definition.Name));
        var (nightly, schedule) = set.Schedules[0];
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
        var slot = ScheduleSlots.Next(schedule, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero))!.Value;
        Assert.Equal(["nightly"], Names(set.Match(ScheduleEvent.Create(nightly.Name, schedule, slot))));
    }
}
