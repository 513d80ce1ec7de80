using Automations.Integrations.GitHub;

namespace Automations.Integrations.Tests.GitHub;

public sealed class JobLogReaderTests
{
    private static Task<JobLogExcerpt> Excerpt(IEnumerable<string> lines, int maxLines) =>
        JobLogReader.ExcerptAsync(new StringReader(string.Join('\n', lines)), maxLines, CancellationToken.None);

    [Fact]
    public async Task ExcerptAsync_NoError_IsTheLastLines()
    {
        var excerpt = await Excerpt(Enumerable.Range(1, 100).Select(i => $"line {i}"), 20);

        Assert.False(excerpt.AroundError);
        Assert.Equal((81, 100), (excerpt.FirstLine, excerpt.TotalLines));
        Assert.Equal(Enumerable.Range(81, 20).Select(i => $"line {i}"), excerpt.Text.Split('\n'));
    }

    [Fact]
    public async Task ExcerptAsync_ErrorNearTheStart_KeepsWhatComesBeforeItAndTenLinesAfter()
    {
        var lines = Enumerable.Range(1, 100).Select(i => i == 3 ? "##[error]boom" : $"line {i}");

        var excerpt = await Excerpt(lines, 20);

        Assert.True(excerpt.AroundError);
        Assert.Equal(1, excerpt.FirstLine);
        Assert.Equal(["line 1", "line 2", "##[error]boom", .. Enumerable.Range(4, 10).Select(i => $"line {i}")], excerpt.Text.Split('\n'));
    }

    [Fact]
    public async Task ExcerptAsync_TimestampedLines_LoseTheirTimestamps()
    {
        var excerpt = await Excerpt(["2026-01-05T09:00:00.1234567Z Run dotnet test", "no timestamp here"], 20);

        Assert.Equal("Run dotnet test\nno timestamp here", excerpt.Text);
    }

    [Fact]
    public async Task ExcerptAsync_Empty_IsEmpty()
    {
        var excerpt = await Excerpt([], 20);

        Assert.Equal((string.Empty, 0, false), (excerpt.Text, excerpt.TotalLines, excerpt.AroundError));
    }
}
