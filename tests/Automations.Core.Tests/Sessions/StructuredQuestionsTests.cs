using System.Text.Json;
using Automations.Core.Ports;
using Automations.Core.Sessions;

namespace Automations.Core.Tests.Sessions;

public sealed class StructuredQuestionsTests
{
    private const string Asked = """
        {"questions":[
          {"question":"Which browser should I test first?","header":"Browser","options":[{"label":"Firefox","description":"Most of our users"},{"label":"Chromium"}],"multiSelect":false},
          {"question":"Which suites should run?","header":"Suites","options":[{"label":"unit"},{"label":"e2e","description":"slow"}],"multiSelect":true}
        ]}
        """;

    [Fact]
    public void Parse_AskUserQuestionShape_ReadsEveryQuestionWithItsChoices()
    {
        var questions = StructuredQuestions.Parse(Asked);

        Assert.NotNull(questions);
        Assert.Equal(2, questions.Count);
        Assert.Equal(("Which browser should I test first?", "Browser", false), (questions[0].Question, questions[0].Header, questions[0].MultiSelect));
        Assert.Equal([new QuestionOption("Firefox", "Most of our users"), new QuestionOption("Chromium", null)], questions[0].Options);
        Assert.True(questions[1].MultiSelect);
        Assert.Equal("Suites", questions[1].Name);
    }

    [Theory]
    [InlineData("Which browser should I test first?")]
    [InlineData("{\"questions\":[{\"question\":\"Which?\",\"options\":[{\"label\":\"a\"}]")]
    [InlineData("{\"questions\":[]}")]
    [InlineData("{\"questions\":\"Which?\"}")]
    [InlineData("{\"questions\":[{\"header\":\"no question\"}]}")]
    [InlineData("{\"questions\":[{\"question\":\"Which?\",\"options\":[{\"description\":\"no label\"}]}]}")]
    [InlineData("{\"questions\":[{\"question\":\"Which?\",\"options\":\"a, b\"}]}")]
    [InlineData("[{\"question\":\"Which?\"}]")]
    public void Read_AnythingElse_StaysFreeText(string text)
    {
        Assert.Null(StructuredQuestions.Parse(text));
        var question = AgentQuestion.Read(text);
        Assert.Equal((text, null), (question.Text, question.Questions));
    }

    [Fact]
    public void Parse_DeeplyNestedJson_IsFreeTextNotACrash()
    {
        var deep = "{\"questions\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.Null(StructuredQuestions.Parse(deep));
    }

    [Fact]
    public void Render_IsTheReadableText_EachQuestionWithItsHeaderAndChoices()
    {
        var question = AgentQuestion.Read(Asked);

        Assert.Equal(2, question.Questions!.Count);
        Assert.Equal(
            """
            Browser: Which browser should I test first? (choose one)
            - Firefox: Most of our users
            - Chromium

            Suites: Which suites should run? (choose any)
            - unit
            - e2e: slow
            """.ReplaceLineEndings("\n"),
            question.Text);
    }

    [Fact]
    public void Read_AQuestionEventsData_GivesTheQuestionsBack()
    {
        var questions = StructuredQuestions.Parse(Asked)!;
        var data = JsonSerializer.SerializeToElement(new { text = "…", questions }, Events.EventJson.Options);

        var read = StructuredQuestions.Read(data);

        Assert.NotNull(read);
        Assert.Equal(questions.Select(q => (q.Question, q.Header, q.MultiSelect, q.Options.Count)), read.Select(q => (q.Question, q.Header, q.MultiSelect, q.Options.Count)));
        Assert.Contains("\"multiSelect\":true", data.GetRawText(), StringComparison.Ordinal);
    }
}
