using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

/// <summary>Every template of a definition names only paths the model has, and a wrong one is reported where it is written.</summary>
public sealed class DefinitionTemplatePathTests
{
    private static string Error(string yaml)
    {
        var result = DefinitionParser.Parse("a.yaml", yaml);
        Assert.Null(result.Definition);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Parse_TypoInALiteralBlock_IsReportedAtItsLineAndColumn()
    {
        const string yaml = """
            repository: acme/web
            agent: { use: claude }
            instructions: |
              Investigate the issue.

              Title: {{ event.subjcet.title }}
            """;

        Assert.Equal(
            "a.yaml:6:13: 'instructions': unknown template path 'event.subjcet.title' (did you mean 'event.subject.title'?)",
            Error(yaml));
    }

    [Theory]
    [InlineData("actions:\n  - pull_request: { title: \"fix: {{ event.subject.titel }}\" }", "a.yaml:5:37: 'title': unknown template path 'event.subject.titel' (did you mean 'event.subject.title'?)")]
    [InlineData("actions:\n  - comment: { body: 'Done: {{ session.urll }}' }", "a.yaml:5:32: 'body': unknown template path 'session.urll' (did you mean 'session.url'?)")]
    [InlineData("concurrency: { key: \"{{ event.subject.idd }}\" }", "a.yaml:4:25: 'key': unknown template path 'event.subject.idd' (did you mean 'event.subject.id'?)")]
    [InlineData("branch: fix/{{ event.subject.nubmer }}", "a.yaml:4:16: 'branch': unknown template path 'event.subject.nubmer' (did you mean 'event.subject.number'?)")]
    public void Parse_TypoInAnyTemplate_IsReportedAtTheTypo(string rest, string expected) =>
        Assert.Equal(expected, Error($"repository: acme/web\nagent: {{ use: claude }}\ninstructions: Fix it.\n{rest}\n"));

    [Fact]
    public void Parse_TypoInATrimmedRepository_IsReportedAtTheTypo() =>
        Assert.Equal(
            "a.yaml:1:19: 'repository': unknown template path 'event.repostory' (did you mean 'event.repository'?)",
            Error("repository: \"  {{ event.repostory }}\"\nagent: { use: claude }\ninstructions: Fix it.\n"));

    [Fact]
    public void Parse_TypoInAFoldedBlock_IsReportedAtTheValue() =>
        Assert.Equal(
            "a.yaml:3:15: 'instructions': unknown template path 'event.kidn' (did you mean 'event.kind'?)",
            Error("repository: acme/web\nagent: { use: claude }\ninstructions: >\n  Look at\n  {{ event.kidn }}\n"));

    [Fact]
    public void Parse_WherePathTypo_IsAnErrorWithASuggestion() =>
        Assert.Equal(
            "a.yaml:5:39: unknown event field 'subjcet.title' (did you mean 'subject.title'?)",
            Error("repository: acme/web\nagent: { use: claude }\ninstructions: Fix it.\non:\n  - github: { event: issues, where: { subjcet.title: x } }\n"));

    [Fact]
    public void Parse_TemplatesOverTheWholeModel_AreAccepted()
    {
        const string yaml = """
            repository: "{{ event.repository }}"
            branch: "fix/{{ event.subject.number }}"
            agent: { use: claude }
            instructions: |
              {{ automation.name }}: {{ event.subject.title }} ({{ event.subject.url }}), {{ event.payload.issue.body }}
              {{#each event.subject.labels}}- {{ this }}{{/each}}
            actions:
              - pull_request: { title: "fix: {{ event.subject.title }}", body: "{{ session.url }} {{ session.costUsd }}" }
              - comment: { body: "PR {{ pull_request.number }}: {{ pull_request.url }} ({{ session.status }})" }
            concurrency: { key: "{{ event.subject.id }}" }
            """;

        var result = DefinitionParser.Parse("a.yaml", yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
