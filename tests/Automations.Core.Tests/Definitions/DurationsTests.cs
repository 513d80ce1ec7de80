using Automations.Core.Definitions;

namespace Automations.Core.Tests.Definitions;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(600_000, "10m")]
    [InlineData(90_000, "90s")]
    [InlineData(2_000, "2s")]
    [InlineData(250, "0.25s")]
    public void Describe_TellsADurationInMinutesWhenWhole_ElseInSeconds(int milliseconds, string expected) =>
        Assert.Equal(expected, Durations.Describe(TimeSpan.FromMilliseconds(milliseconds)));
}
