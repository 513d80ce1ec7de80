using Automations.Core.Templates;

namespace Automations.Core.Tests.Templates;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    private static TemplateContext Context(string? sessionId = "s-42") => new()
    {
        Event = TestEvents.Create(),
        AutomationName = "autofix",
        AutomationDescription = "Fix labeled issues",
        SessionId = sessionId,
        SessionBranch = sessionId is null ? null : "automations/autofix/" + sessionId,
    };

    private string Render(string template, TemplateContext? context = null)
    {
        var result = _renderer.Render(template, context ?? Context());
        Assert.True(result.Succeeded, result.Error);
        return result.Text;
    }

    [Fact]
    public void Render_EventFields_UseCamelCaseNames()
    {
        var text = Render("{{ event.source }}|{{ event.kind }}|{{ event.deliveryId }}|{{ event.subject.number }}|{{ event.subject.url }}");

        Assert.Equal("github|github.issues.labeled|d-1|1347|https://github.com/acme/web/issues/1347", text);
    }

    [Fact]
    public void Render_PayloadPath_ReachesRawPayload()
    {
        Assert.Equal("octocat 583231", Render("{{ event.payload.issue.user.login }} {{ event.payload.issue.user.id }}"));
    }

    [Fact]
    public void Render_HtmlCharacters_AreNotEscaped()
    {
        Assert.Equal("<b>&\"</b> Crash on <save> & \"load\"", Render("<b>&\"</b> {{ event.subject.title }}"));
    }

    [Fact]
    public void Render_MissingValues_RenderEmpty()
    {
        var text = Render("[{{ event.payload.nothing.here }}][{{ event.subject.severity }}][{{ nope }}][{{ session.id }}]", Context(sessionId: null));

        Assert.Equal("[][][][]", text);
    }

    [Fact]
    public void Render_AutomationAndSession_AreAvailable()
    {
        Assert.Equal("autofix: Fix labeled issues on automations/autofix/s-42 (s-42)", Render("{{ automation.name }}: {{ automation.description }} on {{ session.branch }} ({{ session.id }})"));
    }

    [Fact]
    public void Render_ArraysAndConditionals_Work()
    {
        var text = Render("{{#each event.payload.issue.labels}}{{ name }};{{/each}} {{#if event.payload.issue.draft}}draft{{else}}ready{{/if}} {{#each event.subject.labels}}<{{this}}>{{/each}}");

        Assert.Equal("bug;autofix; ready <bug><autofix>", text);
    }

    [Fact]
    public void Render_BooleansAndObjects_LookLikeJson()
    {
        Assert.Equal("false {\"name\":\"autofix\",\"color\":\"ededed\"}", Render("{{ event.payload.issue.draft }} {{ event.payload.label }}"));
    }

    [Fact]
    public void Render_UnclosedBlock_IsAnErrorValue()
    {
        var result = _renderer.Render("Fix {{#if event.subject.title}}it", Context());

        Assert.False(result.Succeeded);
        Assert.Contains("does not compile", result.Error, StringComparison.Ordinal);
        Assert.Contains("'if' was closed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownHelper_IsAnErrorValue()
    {
        var result = _renderer.Render("{{ shout event.subject.title }}", Context());

        Assert.False(result.Succeeded);
        Assert.Contains("shout", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ event.subject.title }")]
    [InlineData("{{#each}}{{/each}}")]
    [InlineData("{{/if}}")]
    [InlineData("{{> missing-partial}}")]
    public void Validate_BrokenTemplate_ReturnsMessage(string template)
    {
        var error = _renderer.Validate(template);

        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Validate_GoodTemplate_ReturnsNull()
    {
        Assert.Null(_renderer.Validate("Investigate {{ event.subject.title }} ({{ event.subject.url }}).{{#if x}}{{/if}}"));
    }

    [Fact]
    public void Render_SameTemplateTwice_CompilesOnce()
    {
        var context = Context();

        var first = Render("{{ event.actor }}", context);
        var second = Render("{{ event.actor }}", context);

        Assert.Equal("octocat", first);
        Assert.Equal(first, second);
        Assert.Equal(1, _renderer.CachedCount);
    }
}
