using System.Text;
using System.Text.Json;
using Automations.Host.Functions;

namespace Automations.Host.Tests.Functions;

/// <summary>
/// <see cref="JsonStringText"/> against the framework's JSON reader, on random literals of every kind of byte and
/// escape, valid and not, short and long enough for whole blocks: the same verdict, the same text, the same length.
/// </summary>
public sealed class JsonStringTextTests
{
    private static readonly string[] Pieces =
    [
        "plain ascii text ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u20AC", "\\ud83d\\ude80",
        "\\ud800", "\\udc00", "\\ud83d\\u0041", "\\x", "\\u12", "\\u12G4", "\\", "\u00e9", "\u20ac", "\U0001F680", "\u007f",
    ];

    private static readonly byte[][] Bytes = [[0x01], [0x1F], [0x09], [0xC3, 0x28], [0x80], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x9A]];

    [Fact]
    public void RandomLiterals_ReadAsTheFrameworksReaderReadsThem()
    {
        var random = new Random(20261207);
        for (var round = 0; round < 20_000; round++)
        {
            var literal = RandomLiteral(random);
            var expected = ReaderVerdict(literal);

            var read = JsonStringText.Read(literal);

            var name = Encoding.UTF8.GetString(literal);
            Assert.True(expected.Length == read.Length, $"length {read.Length}, the reader {expected.Length}: {name}");
            if (!System.Text.Unicode.Utf8.IsValid(literal))
            {
                // The reader's text of bytes that are no UTF-8 is not the bytes; only its verdict is compared.
                continue;
            }

            var actual = read.Text is { } text ? Convert.ToHexString(text.Span) : null;
            Assert.True(expected.Text == actual, $"text of {Convert.ToHexString(literal)}: {actual}, the reader {expected.Text}");
        }
    }

    [Fact]
    public void ALiteralFollowedByMore_EndsAtItsClosingQuote()
    {
        var json = "\"a \\\"quoted\\\" word, long enough to fill more than one block of thirty-two bytes\",\"next\":1"u8;

        var read = JsonStringText.Read(json);

        Assert.Equal(json.IndexOf(",\"next\""u8), read.Length);
        Assert.Equal("a \"quoted\" word, long enough to fill more than one block of thirty-two bytes", Encoding.UTF8.GetString(read.Text!.Value.Span));
    }

    private static byte[] RandomLiteral(Random random)
    {
        var bytes = new List<byte> { (byte)'"' };
        for (var i = random.Next(0, random.Next(2) == 0 ? 8 : 120); i > 0; i--)
        {
            if (random.Next(25) == 0)
            {
                bytes.AddRange(Bytes[random.Next(Bytes.Length)]);
            }
            else
            {
                // Now and then a piece cut short: an escape without its end.
                var piece = Pieces[random.Next(Pieces.Length)];
                bytes.AddRange(Encoding.UTF8.GetBytes(random.Next(25) == 0 ? piece[..random.Next(1, piece.Length + 1)] : piece));
            }
        }

        // Mostly closed, sometimes not; sometimes something after the literal.
        if (random.Next(10) > 0)
        {
            bytes.Add((byte)'"');
        }

        return [.. bytes];
    }

    /// <summary>What the framework's reader makes of the literal: its length (0 when it is no JSON string) and its text as hex (null when it has none).</summary>
    private static (int Length, string? Text) ReaderVerdict(byte[] literal)
    {
        var reader = new Utf8JsonReader(literal, isFinalBlock: true, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return (0, null);
            }
        }
        catch (JsonException)
        {
            return (0, null);
        }

        var length = checked((int)reader.BytesConsumed);
        try
        {
            var text = new byte[literal.Length * 4];
            return (length, Convert.ToHexString(text, 0, reader.CopyString(text)));
        }
        catch (InvalidOperationException)
        {
            // An escape naming half of a surrogate pair: valid JSON, but no text.
            return (length, null);
        }
    }
}
