using Automations.Core.Definitions;
using Automations.Core.Definitions.Actions;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>follow_up.conflicts</c>, <c>merge:</c>, <c>notify:</c> and <c>escalate_after:</c>, each mistake reported at its line and column.</summary>
public sealed class DefinitionReactionsTests
{
    private static string Minimal(string extra) => $"""
        name: a
        repository: acme/web
        agent: {"{"} use: claude {"}"}
        instructions: Fix it.
        {extra}
        """;

    [Fact]
    public void Parse_Reactions_AreRead()
    {
        var definition = ParserHarness.Valid(Minimal("""
            follow_up: { ci_failed: { retries: 2 }, conflicts: { retries: 1 } }
            merge: { when: Approved_And_Green, method: squash }
            notify:
              - when: [needs_input, stuck, retries_exhausted, errored]
                slack: "#team-alerts"
              - when: approved_and_green
                slack: "@oncall"
            escalate_after: 1h30m
            """));

        Assert.Equal(new FollowUpSpec { CiFailedRetries = 2, ConflictsRetries = 1 }, definition.FollowUp);
        Assert.Equal(new MergeSpec { When = MergeSpec.ApprovedAndGreen, Method = "squash" }, definition.Merge);
        Assert.Equal(2, definition.Notify.Count);
        Assert.Equal(["needs_input", "stuck", "retries_exhausted", "errored"], definition.Notify[0].When);
        Assert.Equal(("@oncall", "approved_and_green"), (definition.Notify[1].Slack, Assert.Single(definition.Notify[1].When)));
        Assert.Equal(TimeSpan.FromMinutes(90), definition.EscalateAfter);
    }

    [Fact]
    public void Parse_WithoutReactions_MergesNothing_NotifiesNoOne_AndChecksNoConflicts()
    {
        var definition = ParserHarness.Valid(Minimal("follow_up: { ci_failed: { retries: 2 } }\nmerge: {}"));

        Assert.Null(definition.FollowUp!.ConflictsRetries);
        Assert.Equal(new MergeSpec { When = "approved_and_green", Method = "merge" }, definition.Merge);
        Assert.Empty(definition.Notify);
        Assert.Null(definition.EscalateAfter);
        Assert.Null(ParserHarness.Valid(Minimal(string.Empty)).Merge);
    }

    [Theory]
    [InlineData("merge: { when: approved, method: squash }", "a.yaml:5:16: 'when' is one of approved_and_green, not 'approved'")]
    [InlineData("merge: { method: sqash }", "a.yaml:5:18: 'method' is one of merge, squash, rebase, not 'sqash' (did you mean 'squash'?)")]
    [InlineData("merge: { metod: squash }", "a.yaml:5:10: unknown key 'metod' in 'merge' (did you mean 'method'?)")]
    [InlineData("merge: squash", "a.yaml:5:8: 'merge' must be a mapping")]
    [InlineData("follow_up: { conflict: { retries: 1 } }", "a.yaml:5:14: unknown key 'conflict' in 'follow_up' (did you mean 'conflicts'?)")]
    [InlineData("notify:\n  - when: [needs_inpt]\n    slack: \"#a\"", "a.yaml:6:12: 'when' is one of needs_input, stuck, retries_exhausted, errored, approved_and_green, not 'needs_inpt' (did you mean 'needs_input'?)")]
    [InlineData("notify:\n  - when: [errored]\n    slak: \"#a\"", "a.yaml:7:5: unknown key 'slak' in 'notify' (did you mean 'slack'?)")]
    [InlineData("notify:\n  - when: [errored]", "a.yaml:6:5: a route of 'notify' needs 'when' and 'slack'")]
    [InlineData("notify: { when: errored, slack: \"#a\" }", "a.yaml:5:9: 'notify' is a list of routes")]
    [InlineData("notify:\n  - when: []\n    slack: \"#a\"", "a.yaml:6:11: 'when' names at least one of")]
    [InlineData("escalate_after: 30m", "a.yaml:5:17: 'escalate_after' announces a waiting session again through 'notify', which is missing")]
    [InlineData("notify:\n  - { when: [stuck], slack: \"#a\" }\nescalate_after: soon", "a.yaml:7:17: 'escalate_after' must be a duration such as 90s, 30m, 2h or 1h30m, not 'soon'")]
    public void Parse_MistakeInReactions_IsReportedWhereItIs(string extra, string expected)
    {
        Assert.StartsWith(expected, ParserHarness.Error(Minimal(extra)), StringComparison.Ordinal);
    }
}
