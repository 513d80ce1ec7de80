using Automations.Core.Actors;
using Automations.Core.Definitions;

namespace Automations.Core.Tests.Actors;

public sealed class ActorRuleParserTests
{
    private const string Required = "repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\n";

    private static DefinitionParseResult Parse(string actors) => DefinitionParser.Parse("a.yaml", Required + actors);

    [Fact]
    public void Parse_NoActors_LeavesDefault()
    {
        Assert.Null(DefinitionParser.Parse("a.yaml", Required).Definition!.Actors);
    }

    [Fact]
    public void Parse_EveryForm_ReadsRules()
    {
        var result = Parse("actors: [octocat, user:bots, team:ENG, association:first_time_contributor, BOTS, anyone, default]\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(
            [
                new ActorRule { Kind = ActorRuleKind.User, Value = "octocat" },
                new ActorRule { Kind = ActorRuleKind.User, Value = "bots" },
                new ActorRule { Kind = ActorRuleKind.Team, Value = "ENG" },
                new ActorRule { Kind = ActorRuleKind.Association, Value = "FIRST_TIME_CONTRIBUTOR" },
                new ActorRule { Kind = ActorRuleKind.Bots },
                new ActorRule { Kind = ActorRuleKind.Anyone },
                new ActorRule { Kind = ActorRuleKind.Default },
            ],
            result.Definition!.Actors);
    }

    [Fact]
    public void Parse_BlockList_ReadsRules()
    {
        var result = Parse("actors:\n  - U061F7AUR\n  - ada@acme.test\n");

        Assert.Equal(["U061F7AUR", "ada@acme.test"], result.Definition!.Actors!.Select(r => r.ToString()));
    }

    [Fact]
    public void Parse_UnknownAssociation_ReportsAtEntry()
    {
        var error = Assert.Single(Parse("actors:\n  - octocat\n  - association:ADMIN\n").Errors);

        Assert.Equal(
            "a.yaml:6:5: unknown association 'ADMIN' in 'actors'; known: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, NONE",
            error.ToString());
    }

    [Fact]
    public void Parse_UnknownPrefix_ReportsAtEntry()
    {
        var error = Assert.Single(Parse("actors: [octocat, org:acme]\n").Errors);

        Assert.Equal((4, 19), (error.Line, error.Column));
        Assert.StartsWith("unknown actor form 'org:'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actors: octocat\n", 4, 9, "'actors' must be a list")]
    [InlineData("actors: []\n", 4, 9, "'actors' is empty")]
    [InlineData("actors: [team:]\n", 4, 10, "actor 'team:' names nothing")]
    [InlineData("actors: [{ login: octocat }]\n", 4, 10, "each entry of 'actors' is")]
    [InlineData("actors: [\"octo cat\"]\n", 4, 10, "actor 'octo cat' holds a space")]
    public void Parse_BadActors_ReportsPosition(string yaml, int line, int column, string message)
    {
        var error = Assert.Single(Parse(yaml).Errors);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspelledActorsKey_SuggestsActors()
    {
        var error = Assert.Single(Parse("actor: [octocat]\n").Errors);

        Assert.Contains("did you mean 'actors'", error.Message, StringComparison.Ordinal);
    }
}
