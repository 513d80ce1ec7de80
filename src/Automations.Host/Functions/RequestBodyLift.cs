using System.Buffers;
using System.Text.Json;

namespace Automations.Host.Functions;

/// <summary>
/// Takes an HTTP trigger's body (<c>Data.req.Body</c>) out of the invocation's bytes before they are parsed.
/// The body is most of an invocation, escaped as a JSON string; a JSON document would check it byte by byte, and
/// the request would then unescape it in a second pass. Here <see cref="JsonStringText"/> checks and unescapes it
/// in one, and the document is made from the rest, with an empty string where the body was. Anything unusual (no
/// such body, or an invalid one) lifts nothing, and the invocation is parsed whole, with the reader's own errors.
/// </summary>
internal static class RequestBodyLift
{
    private static readonly byte[] RequestName = System.Text.Encoding.UTF8.GetBytes(FunctionDefinition.RequestBinding);

    /// <summary>The invocation without its body, from the pool; <see cref="At"/> is where the empty string stands in it.</summary>
    public sealed record Lifted(byte[] Rest, int RestLength, int At, ReadOnlyMemory<byte> Text);

    /// <summary>The invocation's <c>Data.req.Body</c> string, lifted out; null when there is none to lift.</summary>
    public static Lifted? TryLift(ReadOnlySpan<byte> invocation)
    {
        int nameEnd;
        try
        {
            var reader = new Utf8JsonReader(invocation);
            if (!(reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && Enter(ref reader, "Data"u8) && Enter(ref reader, RequestName) && FindName(ref reader, "Body"u8)))
            {
                return null;
            }

            nameEnd = checked((int)reader.BytesConsumed);
        }
        catch (JsonException)
        {
            return null;
        }

        var at = ValueStart(invocation, nameEnd);
        if (at < 0 || JsonStringText.Read(invocation[at..]) is not { Text: { } text } literal)
        {
            return null;
        }

        // Up to the body's opening quote, then from its closing quote on: "Body":"" and the rest as it was.
        var restLength = invocation.Length - literal.Length + 2;
        var rest = ArrayPool<byte>.Shared.Rent(restLength);
        invocation[..(at + 1)].CopyTo(rest);
        invocation[(at + literal.Length - 1)..].CopyTo(rest.AsSpan(at + 1));
        return new Lifted(rest, restLength, at, text);
    }

    /// <summary>From the start of an object into the object that is the value of its property <paramref name="name"/>.</summary>
    private static bool Enter(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        FindName(ref reader, name) && reader.Read() && reader.TokenType == JsonTokenType.StartObject;

    /// <summary>Reads on to the property <paramref name="name"/> of the object just entered, skipping the values of the others.</summary>
    private static bool FindName(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// Where the value after a property's name starts, when it is a string; -1 otherwise. A reader on the name
    /// has read past the colon already; one that did not would stand before it.
    /// </summary>
    private static int ValueStart(ReadOnlySpan<byte> json, int at)
    {
        at = SkipWhiteSpace(json, at);
        if (at < json.Length && json[at] == (byte)':')
        {
            at = SkipWhiteSpace(json, at + 1);
        }

        return at < json.Length && json[at] == (byte)'"' ? at : -1;
    }

    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }
}
