using System.Globalization;
using System.Text;

namespace Automations.Host.Functions;

/// <summary>
/// The text of a JSON string, unescaped from its raw bytes into UTF-8 in one pass. The bytes come from a
/// document already parsed, so the string is valid UTF-8 and every escape is well formed; reading it again with
/// a <c>Utf8JsonReader</c> would check all of that a second time, which for a webhook's body in an invocation
/// cost more than the rest of reading it. What is left to refuse is an escape naming half of a surrogate pair,
/// which no UTF-8 text can hold.
/// </summary>
internal static class EscapedJsonText
{
    /// <summary>The text of <paramref name="raw"/> (a string's bytes between its quotes); null when it escapes a lone surrogate.</summary>
    public static ReadOnlyMemory<byte>? Unescape(ReadOnlySpan<byte> raw)
    {
        var next = raw.IndexOf((byte)'\\');
        if (next < 0)
        {
            return raw.ToArray();
        }

        // Every escape is at least as long as what it stands for, so the text fits in the raw length.
        var text = new byte[raw.Length];
        var written = 0;
        var read = 0;
        while (next >= 0)
        {
            raw.Slice(read, next).CopyTo(text.AsSpan(written));
            written += next;
            read += next + 2;
            var escape = raw[read - 1];
            if (escape == (byte)'u')
            {
                if (Scalar(raw, ref read) is not { } scalar)
                {
                    return null;
                }

                written += scalar.EncodeToUtf8(text.AsSpan(written));
            }
            else
            {
                text[written++] = Single(escape);
            }

            next = raw[read..].IndexOf((byte)'\\');
        }

        raw[read..].CopyTo(text.AsSpan(written));
        return text.AsMemory(0, written + raw.Length - read);
    }

    /// <summary>The character of a <c>\uXXXX</c> escape whose digits start at <paramref name="read"/>, with the low half of a pair that follows it.</summary>
    private static Rune? Scalar(ReadOnlySpan<byte> raw, ref int read)
    {
        var unit = (char)Hex(raw.Slice(read, 4));
        read += 4;
        if (!char.IsSurrogate(unit))
        {
            return new Rune(unit);
        }

        if (char.IsLowSurrogate(unit) || raw.Length - read < 6 || raw[read] != (byte)'\\' || raw[read + 1] != (byte)'u')
        {
            return null;
        }

        var low = (char)Hex(raw.Slice(read + 2, 4));
        if (!char.IsLowSurrogate(low))
        {
            return null;
        }

        read += 6;
        return new Rune(unit, low);
    }

    private static int Hex(ReadOnlySpan<byte> digits) => ushort.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static byte Single(byte escape) => escape switch
    {
        (byte)'b' => (byte)'\b',
        (byte)'f' => (byte)'\f',
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',

        // '"', '\\' and '/' stand for themselves.
        _ => escape,
    };
}
