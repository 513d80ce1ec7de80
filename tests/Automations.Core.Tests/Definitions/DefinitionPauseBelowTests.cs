using Automations.Core.Definitions;
using static Automations.Core.Tests.Definitions.ParserHarness;

namespace Automations.Core.Tests.Definitions;

/// <summary><c>pause_below: { success_rate, after }</c>.</summary>
public sealed class DefinitionPauseBelowTests
{
    [Fact]
    public void Parse_PauseBelow_ReadsTheRateAndTheCount()
    {
        Assert.Equal(new PauseBelowSpec { SuccessRate = 0.3m, After = 10 }, Valid(Minimal("pause_below: { success_rate: 0.3, after: 10 }\n")).PauseBelow);
        Assert.Null(Valid(Minimal()).PauseBelow);
    }

    [Theory]
    [InlineData("pause_below: 0.3", "a.yaml:4:14: 'pause_below' must be a mapping, such as pause_below: { success_rate: 0.3, after: 10 }")]
    [InlineData("pause_below: { after: 10 }", "a.yaml:4:14: 'pause_below' needs 'success_rate', such as pause_below: { success_rate: 0.3, after: 10 }")]
    [InlineData("pause_below: {}", "a.yaml:4:14: 'pause_below' needs 'success_rate' and 'after', such as pause_below: { success_rate: 0.3, after: 10 }")]
    [InlineData("pause_below: { success_rate: 30, after: 10 }", "a.yaml:4:30: 'success_rate' is a share between 0 and 1, such as 0.3 for 30%, not 30")]
    [InlineData("pause_below: { success_rate: 0, after: 10 }", "a.yaml:4:30: 'success_rate' must be a number greater than 0, such as 5 or 2.50, not '0'")]
    [InlineData("pause_below: { success_rate: 0.3, after: 0 }", "a.yaml:4:42: 'after' must be a whole number greater than 0, not '0'")]
    public void Parse_BadPauseBelow_IsReportedWhereItIsWritten(string line, string expected)
    {
        Assert.Equal(expected, Error(Minimal(line + "\n")));
    }

    [Fact]
    public void Parse_UnknownKeyInPauseBelow_SuggestsTheClosest()
    {
        var errors = Errors(Minimal("pause_below: { success_rat: 0.3, after: 10 }\n"));
        Assert.Contains(errors, e => e.StartsWith("a.yaml:4:16: ", StringComparison.Ordinal) && e.Contains("'success_rate'", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_PauseBelow_IsDescribedWithItsBounds()
    {
        var pauseBelow = DefinitionSchema.Build()["properties"]!["pause_below"]!;
        Assert.Equal(1, (int)pauseBelow["properties"]!["success_rate"]!["maximum"]!);
        Assert.Equal(["success_rate", "after"], pauseBelow["required"]!.AsArray().Select(n => (string)n!));
    }
}
