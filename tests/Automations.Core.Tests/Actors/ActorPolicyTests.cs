using System.Text.Json;
using Automations.Core.Actors;
using Automations.Core.Definitions;
using Automations.Core.Events;

namespace Automations.Core.Tests.Actors;

public sealed class ActorPolicyTests
{
    private static AutomationDefinition Definition(string? actors = null)
    {
        var yaml = "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\n" + (actors is null ? "" : $"actors: {actors}\n");
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Definition;
    }

    private static TriggerEvent Event(string kind, string payload, string? actor = null)
    {
        using var document = JsonDocument.Parse(payload);
        return new TriggerEvent
        {
            Source = kind.Split('.')[0],
            Kind = kind,
            DeliveryId = "d-1",
            OccurredAt = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero),
            Actor = actor,
            Subject = new EventSubject { Type = "issue", Id = "1" },
            Payload = document.RootElement.Clone(),
        };
    }

    private static TriggerEvent Comment(string login, string association, string type = "User") => Event(
        "github.issue_comment.created",
        $$"""{ "action": "created", "comment": { "author_association": "{{association}}" }, "sender": { "login": "{{login}}", "type": "{{type}}" } }""",
        login);

    private static TriggerEvent Labeled(string login, string type = "User") => Event(
        "github.issues.labeled",
        $$"""{ "action": "labeled", "issue": { "author_association": "NONE" }, "sender": { "login": "{{login}}", "type": "{{type}}" } }""",
        login);

    private static TriggerEvent LinearIssue(string team) => Event(
        "linear.Issue.create",
        $$"""{ "actor": { "id": "u-1", "name": "Ada", "email": "ada@acme.test", "type": "user" }, "data": { "team": { "key": "{{team}}" } } }""",
        "Ada");

    private static TriggerEvent SlackMention(string user, string? botId = null) => Event(
        "slack.app_mention",
        $$"""{ "team_id": "T1", "event": { "type": "app_mention", "user": "{{user}}"{{(botId is null ? "" : $", \"bot_id\": \"{botId}\"")}} } }""",
        user);

    [Fact]
    public void Decide_DefaultCommentByNone_RefusesWithReason()
    {
        var decision = ActorPolicy.Decide(Definition(), Comment("mallory", "NONE"));

        Assert.False(decision.Allowed);
        Assert.Equal(
            "github.issue_comment.created by 'mallory' (association NONE) is not allowed: the default allows OWNER, MEMBER, COLLABORATOR; widen it with actors:",
            decision.Reason);
    }

    [Theory]
    [InlineData("OWNER")]
    [InlineData("MEMBER")]
    [InlineData("COLLABORATOR")]
    public void Decide_DefaultCommentByTrustedAssociation_Allows(string association)
    {
        var decision = ActorPolicy.Decide(Definition(), Comment("alice", association));

        Assert.True(decision.Allowed);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void Decide_DefaultPullRequestOpenedWithoutAssociation_Refuses()
    {
        var e = Event("github.pull_request.opened", """{ "action": "opened", "pull_request": {}, "sender": { "login": "mallory", "type": "User" } }""");

        Assert.False(ActorPolicy.Decide(Definition(), e).Allowed);
    }

    [Theory]
    [InlineData("github.issues.labeled")]
    [InlineData("github.issues.assigned")]
    [InlineData("github.issues.closed")]
    [InlineData("github.push")]
    [InlineData("github.workflow_run.completed")]
    public void Decide_DefaultEventNeedingTriageAccess_Allows(string kind)
    {
        var e = Event(kind, """{ "issue": { "author_association": "NONE" }, "sender": { "login": "anyone", "type": "User" } }""");

        Assert.True(ActorPolicy.Decide(Definition(), e).Allowed);
    }

    [Fact]
    public void Decide_DefaultBotBySenderType_Refuses()
    {
        var decision = ActorPolicy.Decide(Definition(), Labeled("renovate", type: "Bot"));

        Assert.False(decision.Allowed);
        Assert.Contains("by bot 'renovate'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DefaultBotByLoginSuffixWithOwnerAssociation_Refuses()
    {
        Assert.False(ActorPolicy.Decide(Definition(), Comment("dependabot[bot]", "OWNER")).Allowed);
    }

    [Theory]
    [InlineData("[\"dependabot[bot]\"]")]
    [InlineData("[dependabot]")]
    [InlineData("[bots]")]
    public void Decide_BotNamedInActors_Allows(string actors)
    {
        Assert.True(ActorPolicy.Decide(Definition(actors), Comment("dependabot[bot]", "NONE", type: "Bot")).Allowed);
    }

    [Fact]
    public void Decide_AnyoneWithBot_Refuses()
    {
        var decision = ActorPolicy.Decide(Definition("[anyone]"), Labeled("renovate[bot]", type: "Bot"));

        Assert.False(decision.Allowed);
        Assert.Contains("neither names it nor includes bots", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LoginInActors_AllowsCommentWithAssociationNone()
    {
        Assert.True(ActorPolicy.Decide(Definition("[octocat]"), Comment("OctoCat", "NONE")).Allowed);
    }

    [Fact]
    public void Decide_LoginInActors_RefusesOthersEvenOnLabels()
    {
        var decision = ActorPolicy.Decide(Definition("[octocat]"), Labeled("alice"));

        Assert.False(decision.Allowed);
        // The payload's association is the issue author's, not the labeler's, so the reason gives none.
        Assert.Equal("github.issues.labeled by 'alice' is not allowed by actors: [octocat]", decision.Reason);
    }

    [Fact]
    public void Decide_AssociationContributor_AllowsContributorAndRefusesNone()
    {
        var definition = Definition("[default, association:contributor]");

        Assert.True(ActorPolicy.Decide(definition, Comment("carol", "CONTRIBUTOR")).Allowed);
        Assert.True(ActorPolicy.Decide(definition, Comment("alice", "MEMBER")).Allowed);
        Assert.True(ActorPolicy.Decide(definition, Labeled("alice")).Allowed);
        Assert.False(ActorPolicy.Decide(definition, Comment("mallory", "NONE")).Allowed);
    }

    [Fact]
    public void Decide_AssociationOnlyContributor_NarrowsAwayMembers()
    {
        Assert.False(ActorPolicy.Decide(Definition("[association:CONTRIBUTOR]"), Comment("alice", "MEMBER")).Allowed);
    }

    [Fact]
    public void Decide_LinearWithoutActors_AllowsHumans()
    {
        Assert.True(ActorPolicy.Decide(Definition(), LinearIssue("OPS")).Allowed);
    }

    [Fact]
    public void Decide_LinearTeamRule_AllowsTeamAndRefusesOthers()
    {
        var definition = Definition("[team:eng]");

        Assert.True(ActorPolicy.Decide(definition, LinearIssue("ENG")).Allowed);
        var refused = ActorPolicy.Decide(definition, LinearIssue("OPS"));
        Assert.False(refused.Allowed);
        Assert.Equal("linear.Issue.create by 'Ada' (team OPS) is not allowed by actors: [team:eng]", refused.Reason);
    }

    [Fact]
    public void Decide_LinearUserByEmail_Allows()
    {
        Assert.True(ActorPolicy.Decide(Definition("[ada@acme.test]"), LinearIssue("OPS")).Allowed);
    }

    [Fact]
    public void Decide_LinearApplicationActor_RefusedAsBot()
    {
        var e = Event("linear.Issue.create", """{ "actor": { "id": "app-1", "name": "Zapier", "type": "OauthClient" }, "data": {} }""");

        Assert.False(ActorPolicy.Decide(Definition(), e).Allowed);
    }

    [Fact]
    public void Decide_SlackUserRule_AllowsUserAndRefusesOthers()
    {
        var definition = Definition("[U061F7AUR]");

        Assert.True(ActorPolicy.Decide(definition, SlackMention("U061F7AUR")).Allowed);
        Assert.False(ActorPolicy.Decide(definition, SlackMention("U999")).Allowed);
    }

    [Fact]
    public void Decide_SlackTeamRule_MatchesTeamId()
    {
        Assert.True(ActorPolicy.Decide(Definition("[team:T1]"), SlackMention("U999")).Allowed);
    }

    [Fact]
    public void Decide_SlackBotMessage_Refuses()
    {
        Assert.False(ActorPolicy.Decide(Definition(), SlackMention("U999", botId: "B01")).Allowed);
    }

    [Fact]
    public void Decide_SentryApplicationActor_Allows()
    {
        var e = Event("sentry.issue.created", """{ "action": "created", "actor": { "type": "application", "id": "sentry", "name": "Sentry" } }""");

        Assert.True(ActorPolicy.Decide(Definition(), e).Allowed);
    }

    [Fact]
    public void Decide_ScheduleWithActors_Allows()
    {
        Assert.True(ActorPolicy.Decide(Definition("[octocat]"), Event("schedule", "{}")).Allowed);
    }

    [Fact]
    public void Decide_TeamRuleOnGitHub_NeverMatches()
    {
        Assert.False(ActorPolicy.Decide(Definition("[team:ENG]"), Comment("alice", "MEMBER")).Allowed);
    }
}
