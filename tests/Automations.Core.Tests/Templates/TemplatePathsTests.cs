using Automations.Core.Sessions;
using Automations.Core.Templates;

namespace Automations.Core.Tests.Templates;

/// <summary>A path the model does not have renders as nothing; <see cref="TemplatePaths"/> finds it before that.</summary>
public sealed class TemplatePathsTests
{
    [Theory]
    [InlineData("Fix {{ event.subjcet.title }}.", 7, "event.subjcet.title", "unknown template path 'event.subjcet.title' (did you mean 'event.subject.title'?)")]
    [InlineData("{{#if event.subject.title}}{{ evnt.kind }}{{/if}}", 30, "evnt.kind", "unknown template path 'evnt.kind' (did you mean 'event.kind'?)")]
    [InlineData("{{ subject.title }}", 3, "subject.title", "unknown template path 'subject.title' (did you mean 'event.subject.title'?)")]
    [InlineData("{{ session.branchh }}", 3, "session.branchh", "unknown template path 'session.branchh' (did you mean 'session.branch'?)")]
    [InlineData("{{ event.subject.title.text }}", 3, "event.subject.title.text", "unknown template path 'event.subject.title.text': 'event.subject.title' holds a value, not fields")]
    [InlineData("{{ zzz }}", 3, "zzz", "unknown template path 'zzz': templates see event, automation, session, pull_request")]
    [InlineData("{{#each event.subject.labels}}{{ @root.event.subjct.url }}{{/each}}", 33, "@root.event.subjct.url", "unknown template path '@root.event.subjct.url' (did you mean '@root.event.subject.url'?)")]
    [InlineData("{{#unless automation.nmae}}x{{/unless}}", 10, "automation.nmae", "unknown template path 'automation.nmae' (did you mean 'automation.name'?)")]
    [InlineData("{{{ pull_request.nubmer }}}", 4, "pull_request.nubmer", "unknown template path 'pull_request.nubmer' (did you mean 'pull_request.number'?)")]
    [InlineData("{{~ event.kidn ~}}", 4, "event.kidn", "unknown template path 'event.kidn' (did you mean 'event.kind'?)")]
    [InlineData("{{ lookup event.payloda \"x\" }}", 10, "event.payloda", "unknown template path 'event.payloda' (did you mean 'event.payload'?)")]
    public void Check_PathTheModelLacks_IsAProblemWhereItIsWritten(string template, int offset, string written, string message)
    {
        var problem = TemplatePaths.Check(template);

        Assert.NotNull(problem);
        Assert.Equal(message, problem.Message);
        Assert.Equal(offset, problem.Offset);
        Assert.Equal(written, template.Substring(problem.Offset, problem.Length));
    }

    [Theory]
    [InlineData("Fix {{ event.subject.title }} ({{ event.subject.url }}) for {{ event.actor }}.")]
    [InlineData("{{ event.payload.issue.user.login }} {{ event.payload.pull_request.head.ref }} {{ event.payload.[odd key].x }}")]
    [InlineData("{{#each event.subject.labels}}- {{ this }} {{ name }} {{ @index }}{{/each}}")]
    [InlineData("{{#each event.payload.comments as |comment|}}{{ comment.body }}{{/each}}")]
    [InlineData("{{#with event.subject}}{{ title }}{{/with}} {{ event.kind }}")]
    [InlineData("{{#if pull_request}}PR {{ pull_request.number }} at {{ pull_request.url }}{{else if session.url}}{{ session.url }}{{else}}none{{/if}}")]
    [InlineData("{{! a comment with {{ nonsense }} }}{{!-- {{ more.nonsense }} --}}{{ automation.name }}")]
    [InlineData("\\{{ not.a.path }} {{ session.id }} {{ session.costUsd }} {{ event.subject.labels.length }} {{ event.subject.labels.[0] }}")]
    [InlineData("{{ event }} {{ event.subject }} {{ automation.description }} {{ event.occurredAt }} {{ \"text\" }} {{ 42 }}")]
    [InlineData("no mustaches at all")]
    public void Check_PathsTheModelHas_AreFine(string template) => Assert.Null(TemplatePaths.Check(template));

    [Fact]
    public void Variables_AreExactlyThePathsOfTheModelTemplatesRenderOver()
    {
        var context = new TemplateContext
        {
            Event = TestEvents.Create(),
            AutomationName = "autofix",
            AutomationDescription = "d",
            SessionId = "s",
            SessionBranch = "b",
            SessionStatus = "working",
            SessionUrl = "u",
            SessionCostUsd = 1m,
            PullRequest = new PullRequestRef(7, "https://github.com/acme/web/pull/7"),
        };

        var paths = new List<string>();
        Walk(context.Model, "", paths);

        Assert.Equal(paths.Order(StringComparer.Ordinal), TemplateVariables.All.Select(v => v.Path).Order(StringComparer.Ordinal));
    }

    private static void Walk(Dictionary<string, object?> model, string prefix, List<string> paths)
    {
        foreach (var (key, value) in model)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            paths.Add(path);
            if (value is Dictionary<string, object?> child && path != "event.payload")
            {
                Walk(child, path, paths);
            }
        }
    }
}
