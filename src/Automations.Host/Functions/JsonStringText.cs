using System.Runtime.Intrinsics;
using System.Text;

namespace Automations.Host.Functions;

/// <summary>
/// A JSON string literal read from raw bytes in one pass: checked as the framework's JSON reader checks it (closed,
/// no control character, every escape well formed; like the reader, it leaves the other bytes as they are) and
/// unescaped into UTF-8 at the same time. A webhook's body in
/// an invocation is such a literal, and JSON inside JSON escapes every quote of it, so an escape comes every few
/// bytes; a reader's check goes byte by byte from the first escape on, and unescaping after it is a second pass.
/// Here 32 bytes are looked at together, and the run before the first escape among them is copied in the same move.
/// </summary>
internal static class JsonStringText
{
    /// <summary>What a read found: a string's length in the JSON, and its text.</summary>
    /// <param name="Length">The literal's length in bytes, both quotes included; 0 when it is no valid JSON string.</param>
    /// <param name="Text">The unescaped UTF-8 text; null when the literal is invalid or escapes half of a surrogate pair.</param>
    public readonly record struct Literal(int Length, ReadOnlyMemory<byte>? Text);

    private const byte Quote = (byte)'"';
    private const byte Backslash = (byte)'\\';

    /// <summary>Reads the string literal that starts at <paramref name="json"/>[0] (a quote) and may end anywhere after.</summary>
    public static Literal Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json[0] != Quote)
        {
            return default;
        }

        // Every escape is at least as long as what it stands for; the slack lets a whole vector be stored at the end.
        var text = GC.AllocateUninitializedArray<byte>(json.Length + Vector256<byte>.Count);
        var read = 1;
        var written = 0;
        var lone = false;
        while (true)
        {
            var skipped = SkipPlain(json, read, text, written);
            read += skipped;
            written += skipped;
            if (read >= json.Length)
            {
                return default;
            }

            var next = json[read];
            if (next == Quote)
            {
                break;
            }

            if (next != Backslash || !Unescape(json, ref read, text, ref written, ref lone))
            {
                // A control character, or a malformed escape.
                return default;
            }
        }

        return new Literal(read + 1, lone ? (ReadOnlyMemory<byte>?)null : text.AsMemory(0, written));
    }

    /// <summary>Copies the plain bytes from <paramref name="read"/> up to the next quote, backslash or control character; how many.</summary>
    private static int SkipPlain(ReadOnlySpan<byte> json, int read, byte[] text, int written)
    {
        var start = read;
        if (Vector256.IsHardwareAccelerated)
        {
            while (read + Vector256<byte>.Count <= json.Length)
            {
                var block = Vector256.Create(json.Slice(read, Vector256<byte>.Count));
                block.CopyTo(text.AsSpan(written + read - start));
                var special = Vector256.Equals(block, Vector256.Create(Quote))
                    | Vector256.Equals(block, Vector256.Create(Backslash))
                    | Vector256.LessThan(block, Vector256.Create((byte)0x20));
                var mask = special.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return read - start + (int)uint.TrailingZeroCount(mask);
                }

                read += Vector256<byte>.Count;
            }
        }

        while (read < json.Length && json[read] is not (Quote or Backslash) && json[read] >= 0x20)
        {
            text[written + read - start] = json[read];
            read++;
        }

        return read - start;
    }

    /// <summary>Writes the escape at <paramref name="read"/> (a backslash) as UTF-8; false when it is malformed.</summary>
    private static bool Unescape(ReadOnlySpan<byte> json, ref int read, byte[] text, ref int written, ref bool lone)
    {
        if (read + 1 >= json.Length)
        {
            return false;
        }

        var escape = json[read + 1];
        if (escape != (byte)'u')
        {
            var single = escape switch
            {
                Quote or Backslash or (byte)'/' => escape,
                (byte)'b' => (byte)'\b',
                (byte)'f' => (byte)'\f',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'t' => (byte)'\t',
                _ => (byte)0,
            };
            text[written++] = single;
            read += 2;
            return single != 0;
        }

        if (Unit(json, read + 2) is not { } unit)
        {
            return false;
        }

        read += 6;
        if (char.IsHighSurrogate(unit) && read + 1 < json.Length && json[read] == Backslash && json[read + 1] == (byte)'u'
            && Unit(json, read + 2) is { } low && char.IsLowSurrogate(low))
        {
            read += 6;
            written += new Rune(unit, low).EncodeToUtf8(text.AsSpan(written));
            return true;
        }

        if (char.IsSurrogate(unit))
        {
            // Valid JSON, but no UTF-8 text: noted, and the reading goes on to check the rest.
            lone = true;
            return true;
        }

        written += new Rune(unit).EncodeToUtf8(text.AsSpan(written));
        return true;
    }

    /// <summary>The UTF-16 unit of the four hex digits at <paramref name="at"/>; null when they are not four hex digits.</summary>
    private static char? Unit(ReadOnlySpan<byte> json, int at)
    {
        if (at + 4 > json.Length)
        {
            return null;
        }

        var value = 0;
        foreach (var digit in json.Slice(at, 4))
        {
            var nibble = HexValue(digit);
            if (nibble < 0)
            {
                return null;
            }

            value = (value << 4) | nibble;
        }

        return (char)value;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };
}
