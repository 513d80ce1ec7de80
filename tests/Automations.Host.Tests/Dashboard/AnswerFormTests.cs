using Automations.Host.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Automations.Host.Tests.Dashboard;

public sealed class AnswerFormTests
{
    private static AnswerForm Form(params (string Key, string[] Values)[] fields) =>
        AnswerForm.Read(new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Values))));

    [Fact]
    public void Text_IsALinePerAnsweredQuestion_ChoicesThenOther_ThenTheFreeText()
    {
        var form = Form(
            ("q0.name", ["Browser"]), ("q0.choice", ["Chromium"]),
            ("q1.name", ["Suites"]), ("q1.choice", ["unit", "e2e"]), ("q1.other", [" smoke tests "]),
            ("q2.name", ["Unanswered"]),
            ("message", ["Take your time."]));

        Assert.Equal("Browser: Chromium\nSuites: unit, e2e, smoke tests\nTake your time.", form.Text());
    }

    [Fact]
    public void Text_FreeTextAlone_IsTheMessageAsWritten_AndNothingIsNull()
    {
        Assert.Equal("Firefox first, then Safari.", Form(("message", ["Firefox first, then Safari."])).Text());
        Assert.Null(Form(("q0.name", ["Browser"]), ("q0.other", ["  "]), ("message", [""])).Text());
    }

    [Fact]
    public void Read_TheQuestionsSequenceNumber_IsKept_AndOneThatIsNoNumberIsMalformed()
    {
        Assert.Equal((42L, false), (Form(("question", ["42"]), ("message", ["Firefox"])).Question, Form(("question", ["42"])).Malformed));
        Assert.Equal(((long?)null, false), (Form(("message", ["More, please."])).Question, Form(("message", ["More, please."])).Malformed));
        Assert.Equal(((long?)null, true), (Form(("question", ["-1; drop"])).Question, Form(("question", ["-1; drop"])).Malformed));
    }
}
