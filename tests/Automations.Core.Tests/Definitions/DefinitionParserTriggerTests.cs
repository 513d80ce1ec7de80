using Automations.Core.Definitions;
using Automations.Core.Schedules;
using static Automations.Core.Tests.Definitions.ParserHarness;

namespace Automations.Core.Tests.Definitions;

/// <summary>The parser's triggers: GitHub, Sentry, Linear and Slack events, schedules and custom webhooks.</summary>
public sealed class DefinitionParserTriggerTests
{
    [Fact]
    public void Parse_GithubEventWithoutAction_IsAKindPrefix()
    {
        var definition = Valid(Minimal("on:\n  - github: { event: issues }\n"));

        Assert.Equal(["github.issues"], Assert.Single(definition.Triggers).Kinds);
    }

    [Fact]
    public void Parse_EventList_GivesOneKindEach()
    {
        var definition = Valid(Minimal("on:\n  - github: { event: [issues.opened, issues.labeled] }\n"));

        Assert.Equal(["github.issues.opened", "github.issues.labeled"], Assert.Single(definition.Triggers).Kinds);
    }

    [Fact]
    public void Parse_SentryWithoutAction_IsAKindPrefix()
    {
        var definition = Valid(Minimal("on:\n  - sentry: { resource: issue }\n"));

        Assert.Equal(["sentry.issue"], Assert.Single(definition.Triggers).Kinds);
    }

    [Fact]
    public void Parse_OnAsOneMapping_GivesATriggerPerSource()
    {
        var definition = Valid(Minimal("""
            on:
              slack: { event: app_mention }
              github:
                event: pull_request.opened
                where:
                  payload.pull_request.draft: false
            """));

        Assert.Equal(["slack.app_mention"], definition.Triggers[0].Kinds);
        Assert.Equal(["github.pull_request.opened"], definition.Triggers[1].Kinds);
        Assert.Equal("payload.pull_request.draft: 'false'", definition.Triggers[1].Where.ToString());
    }

    [Fact]
    public void Parse_TriggerWithoutWhere_MatchesAlways()
    {
        var definition = Valid(Minimal("on:\n  - slack: { event: app_mention }\n"));

        Assert.Same(Automations.Core.Matching.WhereFilter.Always, Assert.Single(definition.Triggers).Where);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsItWithSuggestion()
    {
        Assert.Equal("a.yaml:4:1: unknown key 'descripton' (did you mean 'description'?)", Error(Minimal("descripton: typo\n")));
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAny_ListsKnownKeys()
    {
        var error = Error(Minimal("zzz: 1\n"));

        Assert.StartsWith("a.yaml:4:1: unknown key 'zzz'; known keys: name, description,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredKeys_AreReportedAtTheDocument()
    {
        var errors = Errors("name: x\n");

        Assert.Equal(
            [
                "a.yaml:1:1: missing required key 'repository'",
                "a.yaml:1:1: missing required key 'agent'",
                "a.yaml:1:1: missing required key 'instructions'",
            ],
            errors);
    }

    [Fact]
    public void Parse_ContractWebhookAndScheduleTriggers_ReadsThem()
    {
        var definition = Valid(Minimal("""
            name: nightly
            on:
              - webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }
              - schedule: { cron: "0 9 * * MON-FRI", timezone: Europe/Berlin }
            """));

        var (webhook, schedule) = (definition.Triggers[0], definition.Triggers[1]);
        Assert.Equal("webhook", webhook.Source);
        Assert.Equal(["webhook.deploys"], webhook.Kinds);
        Assert.Equal("deploys", webhook.Endpoint);
        Assert.Equal("DEPLOY_HOOK_SECRET", webhook.SecretVariable);
        Assert.Null(webhook.Schedule);
        Assert.Equal("schedule", schedule.Source);
        Assert.Equal(["schedule"], schedule.Kinds);
        Assert.Equal("0 9 * * MON-FRI", schedule.Schedule!.Expression);
        Assert.Equal("Europe/Berlin", schedule.Schedule.TimeZone);
        Assert.Equal(CatchUp.Latest, schedule.Schedule.CatchUp);
        Assert.Null(schedule.Endpoint);
    }

    [Theory]
    [InlineData("\"*/10 * * * * *\"", null, "all", CatchUp.All)]
    [InlineData("\"0 3 * * *\"", "UTC", "none", CatchUp.None)]
    [InlineData("\"0 3 * * *\"", "America/New_York", "Latest", CatchUp.Latest)]
    public void Parse_ScheduleSettings_ReadsCronZoneAndCatchUp(string cron, string? zone, string catchUp, CatchUp expected)
    {
        var zoneEntry = zone is null ? "" : $", timezone: {zone}";
        var definition = Valid(Minimal($"on:\n  - schedule: {{ cron: {cron}{zoneEntry}, catch_up: {catchUp} }}\n"));

        var schedule = Assert.Single(definition.Triggers).Schedule!;
        Assert.Equal(zone ?? "UTC", schedule.TimeZone);
        Assert.Equal(expected, schedule.CatchUp);
    }

    [Fact]
    public void Parse_ScheduleEvent_StartsOnlyItsOwnAutomation()
    {
        var definition = Valid(Minimal("name: nightly\non:\n  - schedule: { cron: \"0 3 * * *\" }\n"));
        Assert.True(CronSchedule.TryParse("0 3 * * *", null, out var schedule, out _));
        var slot = new DateTimeOffset(2026, 5, 1, 3, 0, 0, TimeSpan.Zero);

        var where = Assert.Single(definition.Triggers).Where;
        Assert.True(where.Matches(ScheduleEvent.Create("nightly", schedule!, slot)));
        Assert.False(where.Matches(ScheduleEvent.Create("weekly", schedule!, slot)));
    }

    [Theory]
    [InlineData("{ cron: \"0 9 * *\" }", "a.yaml:5:23: cron '0 9 * *' has 4 fields: write 5 (minute hour day month weekday) or 6 (seconds first)")]
    [InlineData("{ cron: \"0 25 * * *\" }", "a.yaml:5:23: cron '0 25 * * *' is not valid: each field is *, a number, a range (1-5), a list (1,3), a step (*/15) or a name (MON, JAN)")]
    [InlineData("{ cron: \"0 9 * * *\", timezone: Mars/Olympus }", "a.yaml:5:46: unknown time zone 'Mars/Olympus': write a tzdb id such as Europe/Berlin, America/New_York or UTC")]
    [InlineData("{ cron: \"0 9 * * *\", catch_up: every }", "a.yaml:5:46: 'catch_up' is latest, all or none, not 'every'")]
    [InlineData("{ cron: \"0 9 * * *\", catch_up: lates }", "a.yaml:5:46: 'catch_up' is latest, all or none, not 'lates' (did you mean 'latest'?)")]
    [InlineData("{ timezone: UTC }", "a.yaml:5:15: 'schedule' needs 'cron', such as schedule: { cron: \"0 9 * * MON-FRI\", timezone: Europe/Berlin }")]
    [InlineData("{ cron: \"0 9 * * *\", zone: UTC }", "a.yaml:5:36: unknown key 'zone' in 'schedule'; known keys: cron, timezone, catch_up")]
    [InlineData("daily", "a.yaml:5:15: 'schedule' needs its settings, such as schedule: { cron: \"0 9 * * MON-FRI\", timezone: Europe/Berlin }")]
    public void Parse_BadSchedule_IsAnErrorAtTheValue(string settings, string expected)
    {
        Assert.Equal(expected, Error(Minimal($"on:\n  - schedule: {settings}\n")));
    }

    [Theory]
    [InlineData("{ endpoint: deploys, secret: hunter2 }", "a.yaml:5:43: write secret: env:NAME; secrets do not belong in definition files")]
    [InlineData("{ endpoint: deploys, secret: \"env:1BAD\" }", "a.yaml:5:43: 'secret' names an environment variable: env: then letters, digits and '_', not starting with a digit, such as env:DEPLOY_HOOK_SECRET")]
    [InlineData("{ endpoint: deploys }", "a.yaml:5:14: 'webhook' needs 'secret', such as webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }")]
    [InlineData("{ secret: env:X }", "a.yaml:5:14: 'webhook' needs 'endpoint', such as webhook: { endpoint: deploys, secret: env:DEPLOY_HOOK_SECRET }")]
    [InlineData("{ endpoint: de/ploys, secret: env:X }", "a.yaml:5:26: endpoint 'de/ploys' may hold only letters, digits, '-' and '_' (at most 100)")]
    public void Parse_BadWebhook_IsAnErrorAtTheValue(string settings, string expected)
    {
        Assert.Equal(expected, Error(Minimal($"on:\n  - webhook: {settings}\n")));
    }

    [Fact]
    public void Parse_LiteralSecret_IsNotEchoed()
    {
        var error = Error(Minimal("on:\n  - webhook: { endpoint: deploys, secret: s3cr3t-value }\n"));

        Assert.DoesNotContain("s3cr3t-value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameEndpointTwiceInAFile_IsAnErrorOnTheSecond()
    {
        var error = Error(Minimal("""
            on:
              - webhook: { endpoint: deploys, secret: env:A }
              - webhook: { endpoint: Deploys, secret: env:B }
            """));

        Assert.Equal("a.yaml:6:26: duplicate endpoint 'Deploys': already used by another trigger of this file", error);
    }

    [Fact]
    public void Parse_WebhookWhere_FiltersThePayload()
    {
        var definition = Valid(Minimal("on:\n  - webhook: { endpoint: deploys, secret: env:A, where: { payload.env: production } }\n"));

        Assert.Equal("payload.env: 'production'", Assert.Single(definition.Triggers).Where.ToString());
    }

    [Fact]
    public void Parse_UnknownSource_SuggestsTheClosest()
    {
        Assert.Equal("a.yaml:5:5: unknown source 'gitub' (did you mean 'github'?)", Error(Minimal("on:\n  - gitub: { event: issues }\n")));
    }

    [Fact]
    public void Parse_UnknownTriggerSetting_SuggestsTheClosest()
    {
        var errors = Errors(Minimal("on:\n  - github: { evnt: issues }\n"));

        Assert.Equal(
            [
                "a.yaml:5:13: 'github' needs 'event', such as github: { event: issues.opened }",
                "a.yaml:5:15: unknown key 'evnt' in 'github' (did you mean 'event'?)",
            ],
            errors);
    }

    [Fact]
    public void Parse_TriggerWithoutEvent_IsReportedAtItsSettings()
    {
        Assert.Equal(
            "a.yaml:5:13: 'github' needs 'event', such as github: { event: issues.opened }",
            Error(Minimal("on:\n  - github: { where: { kind: x } }\n")));
    }

    [Fact]
    public void Parse_BadEventName_IsReported()
    {
        Assert.Equal(
            "a.yaml:5:22: 'issues labeled' is not a valid event: write a name or name.action, such as issues.labeled",
            Error(Minimal("on:\n  - github: { event: issues labeled }\n")));
    }

    [Fact]
    public void Parse_OnEntryWithTwoSources_IsReported()
    {
        Assert.Equal(
            "a.yaml:5:5: each entry of 'on' is one source and its settings, such as '- github: { event: issues.opened }'",
            Error(Minimal("on:\n  - { github: { event: issues }, slack: { event: app_mention } }\n")));
    }
}
