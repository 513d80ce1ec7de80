using System.Text;
using Automations.Agents.Processes;

namespace Automations.Agents.Tests.Processes;

public sealed class BoundedLineReaderTests
{
    private static async Task<List<(string Text, long Dropped)>> ReadAllAsync(byte[] input, int maxLineBytes)
    {
        var reader = new BoundedLineReader(new MemoryStream(input), maxLineBytes);
        var lines = new List<(string, long)>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task ReadLineAsync_Lines_SplitAtNewlines_CarriageReturnsDropped_LastLineWithoutNewlineKept()
    {
        var lines = await ReadAllAsync(Encoding.UTF8.GetBytes("one\r\ntwo\n\nthree"), 1024);

        Assert.Equal([("one", 0L), ("two", 0L), (string.Empty, 0L), ("three", 0L)], lines);
    }

    [Fact]
    public async Task ReadLineAsync_LineLongerThanTheCap_KeepsItsFirstBytesAndCountsTheRest()
    {
        var input = Encoding.UTF8.GetBytes(new string('a', 300_000) + "\nnext\n" + new string('b', 2048) + "\n");

        var lines = await ReadAllAsync(input, 2048);

        Assert.Equal(3, lines.Count);
        Assert.Equal(new string('a', 2048), lines[0].Text);
        Assert.Equal(300_000 - 2048, lines[0].Dropped);
        Assert.Equal(("next", 0L), lines[1]);
        Assert.Equal((new string('b', 2048), 0L), lines[2]);
    }

    [Fact]
    public async Task ReadLineAsync_LinesLongerThanOneRead_ComeBackWhole()
    {
        var long1 = new string('x', BoundedLineReader.ReadBytes * 3 + 17);
        var long2 = new string('y', BoundedLineReader.ReadBytes - 1);

        var lines = await ReadAllAsync(Encoding.UTF8.GetBytes($"{long1}\n{long2}\nshort\n"), 1024 * 1024);

        Assert.Equal([(long1, 0L), (long2, 0L), ("short", 0L)], lines);
    }

    [Fact]
    public async Task ReadLineAsync_MultibyteText_DecodedAcrossReads()
    {
        var text = string.Concat(Enumerable.Repeat("héllo wörld ✓ ", 10_000));

        var lines = await ReadAllAsync(Encoding.UTF8.GetBytes(text + "\n"), 1024 * 1024);

        Assert.Equal([(text, 0L)], lines);
    }

    [Fact]
    public async Task ReadLineAsync_Empty_NoLines()
    {
        Assert.Empty(await ReadAllAsync([], 1024));
    }
}
