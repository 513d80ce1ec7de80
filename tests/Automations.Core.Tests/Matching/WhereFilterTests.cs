using System.Diagnostics;
using Automations.Core.Definitions;
using Automations.Core.Events;
using Automations.Core.Matching;

namespace Automations.Core.Tests.Matching;

public sealed class WhereFilterTests
{
    /// <summary>The where block's first line is line 8 of the file, at column 9.</summary>
    private const string Header = """
        repository: acme/web
        agent: { use: claude }
        instructions: x
        on:
          - github:
              event: issues
              where:

        """;

    private static readonly TriggerEvent Labeled = TestEvents.Create();

    private static DefinitionParseResult ParseWhere(string where) =>
        DefinitionParser.Parse("w.yaml", Header + string.Join("\n", where.Split('\n').Select(line => "        " + line)) + "\n");

    private static WhereFilter Where(string where)
    {
        var result = ParseWhere(where);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Assert.Single(result.Definition.Triggers).Where;
    }

    private static string WhereError(string where) => Assert.Single(ParseWhere(where).Errors).ToString();

    private static TriggerEvent WithPayload(string json) => TestEvents.Create(payload: json);

    [Fact]
    public void Always_MatchesAnyEvent()
    {
        Assert.True(WhereFilter.Always.Matches(Labeled));
        Assert.Null(WhereFilter.Always.Explain(Labeled));
    }

    [Theory]
    [InlineData("payload.label.name: autofix")]
    [InlineData("payload.label.name: AutoFix")]
    [InlineData("payload.issue.user.login: OCTOCAT")]
    [InlineData("payload.issue.number: 1347")]
    [InlineData("payload.issue.number: 1347.0")]
    [InlineData("payload.issue.draft: false")]
    [InlineData("payload.issue.draft: FALSE")]
    [InlineData("subject.number: 1347")]
    [InlineData("subject.title: 'crash on <save> & \"load\"'")]
    public void Matches_EqualScalar_True(string where)
    {
        var filter = Where(where);

        Assert.True(filter.Matches(Labeled));
        Assert.Null(filter.Explain(Labeled));
    }

    [Fact]
    public void Matches_DifferentScalar_FalseAndExplained()
    {
        var filter = Where("payload.label.name: bug");

        Assert.False(filter.Matches(Labeled));
        Assert.Equal("payload.label.name is 'autofix', wanted 'bug'", filter.Explain(Labeled));
    }

    [Theory]
    [InlineData("payload.issue.number: 1348", "payload.issue.number is 1347, wanted '1348'")]
    [InlineData("payload.issue.draft: true", "payload.issue.draft is false, wanted 'true'")]
    [InlineData("payload.issue.user: octocat", "payload.issue.user is {…}, wanted 'octocat'")]
    public void Matches_NumbersBooleansObjects_CompareByText(string where, string explanation)
    {
        var filter = Where(where);

        Assert.False(filter.Matches(Labeled));
        Assert.Equal(explanation, filter.Explain(Labeled));
    }

    [Theory]
    [InlineData("source: github")]
    [InlineData("kind: github.issues.labeled")]
    [InlineData("deliveryId: d-1")]
    [InlineData("repository: ACME/web")]
    [InlineData("actor: octocat")]
    [InlineData("subject.type: issue")]
    [InlineData("subject.id: 1347")]
    [InlineData("subject.state: open")]
    [InlineData("subject.url: { glob: 'https://github.com/acme/**' }")]
    [InlineData("occurredAt: { glob: '2026-11-21T09:30:00*' }")]
    [InlineData("subject: { exists: true }")]
    [InlineData("payload: { exists: true }")]
    public void Matches_EnvelopeFields_AreReadFromTheEvent(string where)
    {
        Assert.True(Where(where).Matches(Labeled));
    }

    [Fact]
    public void Matches_ListOfScalars_MatchesAnyItem()
    {
        Assert.True(Where("payload.label.name: [bug, autofix]").Matches(Labeled));

        var miss = Where("payload.label.name: [bug, wontfix]");
        Assert.False(miss.Matches(Labeled));
        Assert.Equal("payload.label.name is 'autofix', wanted any of 'bug', 'wontfix'", miss.Explain(Labeled));
    }

    [Fact]
    public void Matches_ListMixingScalarsAndConditions_MatchesAnyItem()
    {
        Assert.True(Where("payload.label.name: [bug, { glob: 'auto*' }]").Matches(Labeled));
        Assert.False(Where("payload.label.name: [bug, { regex: '^x' }]").Matches(Labeled));
    }

    [Fact]
    public void Matches_ArrayAtPath_AnyElementMayMatch()
    {
        Assert.True(Where("subject.labels: autofix").Matches(Labeled));
        Assert.True(Where("payload.repository.topics: frontend").Matches(Labeled));

        var miss = Where("subject.labels: ui");
        Assert.False(miss.Matches(Labeled));
        Assert.Equal("subject.labels is ['bug', 'autofix'], wanted 'ui'", miss.Explain(Labeled));
    }

    [Fact]
    public void Matches_PathCrossingArray_FollowsEveryElement()
    {
        Assert.True(Where("payload.issue.labels.name: bug").Matches(Labeled));
        Assert.True(Where("payload.issue.labels.name: autofix").Matches(Labeled));
        Assert.False(Where("payload.issue.labels.name: wontfix").Matches(Labeled));
    }

    [Fact]
    public void Matches_PathCrossingNestedArrays_FollowsEveryElement()
    {
        var run = WithPayload("""{ "runs": [ { "steps": [ { "name": "build" }, { "name": "test" } ] }, { "steps": [ [ { "name": "deploy" } ] ] } ] }""");

        Assert.True(Where("payload.runs.steps.name: deploy").Matches(run));
        Assert.True(Where("payload.runs.steps.name: test").Matches(run));
        Assert.Equal("payload.runs.steps.name is ['build', 'test', 'deploy'], wanted 'lint'", Where("payload.runs.steps.name: lint").Explain(run));
    }

    [Fact]
    public void Matches_NumberSegmentOnArray_PicksThatElement()
    {
        Assert.True(Where("payload.issue.labels.0.name: bug").Matches(Labeled));
        Assert.False(Where("payload.issue.labels.1.name: bug").Matches(Labeled));
        Assert.Equal("payload.issue.labels.9.name is missing, wanted 'bug'", Where("payload.issue.labels.9.name: bug").Explain(Labeled));
    }

    [Fact]
    public void Matches_ManyValues_ExplanationIsShortened()
    {
        var many = WithPayload("""{ "tags": ["a", "b", "c", "d", "e", "f", "g"] }""");

        Assert.Equal("payload.tags is ['a', 'b', 'c', 'd', 'e', … 2 more], wanted 'z'", Where("payload.tags: z").Explain(many));
    }

    [Theory]
    [InlineData("payload.nothing: x")]
    [InlineData("payload.label.name.deeper: x")]
    [InlineData("payload.pull_request: x")]
    [InlineData("subject.severity: x")]
    public void Matches_MissingOrNullPath_False(string where)
    {
        var filter = Where(where);

        Assert.False(filter.Matches(Labeled));
        Assert.EndsWith(" is missing, wanted 'x'", filter.Explain(Labeled), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fix/*", "fix/login", true)]
    [InlineData("fix/*", "FIX/Login", true)]
    [InlineData("fix/*", "fix/a/b", false)]
    [InlineData("fix/**", "fix/a/b", true)]
    [InlineData("fix/*", "hotfix/a", false)]
    [InlineData("f?x/*", "fax/1", true)]
    [InlineData("f?x/*", "f/x/1", false)]
    [InlineData("**/*.cs", "Program.cs", true)]
    [InlineData("**/*.cs", "src/app/Program.cs", true)]
    [InlineData("**/*.cs", "src/app/Program.csx", false)]
    [InlineData("v1.*", "v1x2", false)]
    [InlineData("[wip]*", "[wip] draft", true)]
    [InlineData("[wip]*", "w draft", false)]
    public void Matches_Glob_MatchesWholeValue(string glob, string value, bool expected)
    {
        var filter = Where($"payload.ref: {{ glob: '{glob}' }}");

        Assert.Equal(expected, filter.Matches(WithPayload($$"""{ "ref": "{{value}}" }""")));
    }

    [Theory]
    [InlineData(@"^fix/\d+$", "fix/12", true)]
    [InlineData(@"^fix/\d+$", "fix/12a", false)]
    [InlineData("login", "fix/login-page", true)]
    [InlineData("LOGIN", "fix/login-page", false)]
    [InlineData("(?i)LOGIN", "fix/login-page", true)]
    public void Matches_Regex_SearchesValue(string regex, string value, bool expected)
    {
        var filter = Where($"payload.ref: {{ regex: '{regex}' }}");

        Assert.Equal(expected, filter.Matches(WithPayload($$"""{ "ref": "{{value}}" }""")));
    }

    [Fact]
    public void Matches_RegexOverArray_AnyElementMayMatch()
    {
        Assert.True(Where("payload.issue.labels.name: { regex: '^auto' }").Matches(Labeled));
    }

    [Fact]
    public void Matches_RegexTimingOut_CountsAsNoMatch()
    {
        var filter = Where("payload.ref: { regex: '^(a+)+$' }");
        var evil = WithPayload($$"""{ "ref": "{{new string('a', 40)}}!" }""");
        var clock = Stopwatch.StartNew();

        var matched = filter.Matches(evil);

        Assert.False(matched);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(filter.Matches(WithPayload("""{ "ref": "aaaa" }""")));
    }

    [Fact]
    public void Parse_InvalidRegex_IsAnErrorAtTheValue()
    {
        var error = WhereError("payload.ref: { regex: 'fix/(' }");

        Assert.StartsWith("w.yaml:8:31: invalid regex 'fix/(': ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_Not_NoValueMayMatch()
    {
        Assert.True(Where("subject.labels: { not: wontfix }").Matches(Labeled));
        Assert.False(Where("subject.labels: { not: [wontfix, bug] }").Matches(Labeled));

        var miss = Where("subject.labels: { not: bug }");
        Assert.False(miss.Matches(Labeled));
        Assert.Equal("subject.labels is ['bug', 'autofix'], wanted not 'bug'", miss.Explain(Labeled));
    }

    [Fact]
    public void Matches_NotOnMissingPath_True()
    {
        Assert.True(Where("payload.nothing: { not: x }").Matches(Labeled));
    }

    [Fact]
    public void Matches_NotGlob_Negates()
    {
        Assert.False(Where("payload.label.name: { not: { glob: 'auto*' } }").Matches(Labeled));
        Assert.True(Where("payload.label.name: { not: { glob: 'fix*' } }").Matches(Labeled));
    }

    [Theory]
    [InlineData("payload.label: { exists: true }", true)]
    [InlineData("payload.label.name: { exists: true }", true)]
    [InlineData("payload.label: { exists: false }", false)]
    [InlineData("payload.nothing: { exists: false }", true)]
    [InlineData("payload.nothing: { exists: true }", false)]
    [InlineData("payload.pull_request: { exists: false }", true)]
    [InlineData("payload.issue.assignees: { exists: false }", true)]
    [InlineData("payload.issue.labels.name: { exists: true }", true)]
    [InlineData("subject.severity: { exists: false }", true)]
    [InlineData("payload.nothing: { not: { exists: true } }", true)]
    public void Matches_Exists_TellsWhetherThePathHasAValue(string where, bool expected)
    {
        Assert.Equal(expected, Where(where).Matches(Labeled));
    }

    [Fact]
    public void Matches_Exists_ExplainsWhatWasWanted()
    {
        Assert.Equal("payload.nothing is missing, wanted a value", Where("payload.nothing: { exists: true }").Explain(Labeled));
        Assert.Equal("payload.label.name is 'autofix', wanted no value", Where("payload.label.name: { exists: false }").Explain(Labeled));
    }

    [Fact]
    public void Matches_SeveralKeys_AllMustMatch()
    {
        var both = Where("payload.label.name: autofix\nsubject.labels: bug");
        var one = Where("payload.label.name: autofix\nsubject.state: closed");

        Assert.True(both.Matches(Labeled));
        Assert.False(one.Matches(Labeled));
        Assert.Equal("subject.state is 'open', wanted 'closed'", one.Explain(Labeled));
    }

    [Fact]
    public void Parse_UnknownEnvelopeField_SuggestsTheClosest()
    {
        Assert.Equal("w.yaml:8:9: unknown event field 'subject.titel' (did you mean 'subject.title'?)", WhereError("subject.titel: x"));
    }

    [Fact]
    public void Parse_PayloadFieldWithoutPrefix_PointsAtPayload()
    {
        Assert.Equal(
            "w.yaml:8:9: unknown event field 'label.name': the provider's payload is under 'payload.', such as payload.label.name",
            WhereError("label.name: x"));
    }

    [Fact]
    public void Parse_EmptyPathSegment_IsAnError()
    {
        Assert.StartsWith("w.yaml:8:9: 'payload..name' is not a path", WhereError("payload..name: x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payload.x:", 19, "a condition cannot be empty or null; for a missing value write { exists: false }")]
    [InlineData("payload.x: ~", 20, "a condition cannot be empty or null; for a missing value write { exists: false }")]
    [InlineData("payload.x: []", 20, "an empty list matches nothing")]
    [InlineData("payload.x: [a, [b]]", 24, "a list of conditions cannot hold another list")]
    [InlineData("payload.x: { glb: 'a*' }", 22, "unknown condition 'glb' (did you mean 'glob'?)")]
    [InlineData("payload.x: { like: 'a*' }", 22, "unknown condition 'like'; a condition mapping has one key: glob, regex, not or exists")]
    [InlineData("payload.x: { glob: a, regex: b }", 20, "a condition mapping has one key: glob, regex, not or exists")]
    [InlineData("payload.x: { exists: maybe }", 30, "'exists' must be true or false")]
    [InlineData("payload.x: { glob: [a, b] }", 28, "'glob' must be text, not a list")]
    public void Parse_BadCondition_IsAnErrorAtItsNode(string where, int column, string message)
    {
        Assert.Equal($"w.yaml:8:{column}: {message}", WhereError(where));
    }

    [Fact]
    public void Parse_WhereNotAMapping_IsAnError()
    {
        Assert.Equal(
            "w.yaml:8:9: 'where' must map event paths to conditions, such as where: { payload.label.name: autofix }",
            WhereError("- payload.x: a"));
    }
}
